"""Property: whatever lands in the cells, the import never fails with an exception and never writes half a file."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.excel_template import FIRST_CLUSTER_ROW, survey_template_write
from surveys.services_import import survey_import
from surveys.tests.test_import import database_state

pytestmark = pytest.mark.slow

CELL_VALUES = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=20),  # what a cell can hold
    st.sampled_from(
        [
            "x",
            "ja",
            "nej",
            "0",
            "1",
            "completed",
            "partial",
            "not_started",
            "Gennemført",
            "own_office",
            "none",
            "851",
            "=1+1",
            "-1",
            "1.740",
            "12,5",
        ]
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
)
# (row index among the 13 cluster rows, column index among the template's columns, value)
EDITS = st.lists(st.tuples(st.integers(0, 12), st.integers(0, 60), CELL_VALUES), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_random_cells_never_crash_the_import_or_write_part_of_a_file(survey, edits):
    blank = io.BytesIO()
    survey_template_write(survey=survey, file=blank)
    workbook = openpyxl.load_workbook(io.BytesIO(blank.getvalue()))
    sheet = workbook.worksheets[0]
    for row, column, value in edits:
        sheet.cell(row=row + FIRST_CLUSTER_ROW, column=column + 1, value=value)
    out = io.BytesIO()
    workbook.save(out)

    before = database_state()
    result = survey_import(survey=survey, file=out.getvalue(), name="svar.xlsx")
    if result.ok:
        again = survey_import(survey=survey, file=out.getvalue(), name="svar.xlsx")
        assert again.ok and again.changes == []  # a valid file applied twice gives the same state
    else:
        assert all(error.message for error in result.errors)
        assert database_state() == before


FIELDS = [
    "dialog",
    "presence",
    "office_municipality",
    "partners",
    "members_nj",
    "members_nj__estimate",
    "members_nj_large",
    "comments",
    "version",
    "action",
]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.dictionaries(
        st.sampled_from(FIELDS), st.text(st.characters(exclude_categories=("Cs",)), max_size=12), max_size=8
    )
)
def test_random_form_input_never_causes_a_server_error(admin_client, survey, data):
    from django.urls import reverse

    url = reverse("surveys:response-edit", kwargs={"slug": survey.slug, "cluster": "clean"})
    assert admin_client.post(url, data).status_code in (200, 302, 409)
