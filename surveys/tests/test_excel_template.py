"""The Excel template: the contract's layout, a row per invited cluster, and the command that writes it."""

from __future__ import annotations

import io

import openpyxl
from django.core.management import call_command

from surveys.excel_template import survey_template_write

ENERGY = "energy-cluster-denmark"


def test_template_has_the_contract_layout(survey):
    out = io.BytesIO()
    survey_template_write(survey=survey, file=out)
    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert workbook.sheetnames == ["Svar", "Spørgsmål"]
    header = [cell.value for cell in workbook["Svar"][1]]
    assert header[:4] == ["cluster", "cluster_name", "status", "dialog"]
    assert {"partners:aau", "agreements:851", "members_nj:estimate", "comments"} <= set(header)
    assert "office_municipality:estimate" not in header
    slugs = [row[0].value for row in workbook["Svar"].iter_rows(min_row=2)]
    assert len(slugs) == 13 and ENERGY in slugs


def test_template_command_writes_the_file(survey, tmp_path):
    path = tmp_path / "skabelon.xlsx"
    call_command("survey_template", survey.slug, str(path), stdout=io.StringIO())
    assert openpyxl.load_workbook(path).sheetnames == ["Svar", "Spørgsmål"]
