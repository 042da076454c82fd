import os

# openpyxl parses with lxml whenever lxml is installed (python-pptx brings it), and then not through
# defusedxml; uploaded workbooks must be parsed by defusedxml (entity and bomb protection), so openpyxl is told
# to leave lxml alone. Set here, before any module imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")
