"""A SurveyXact-shaped export of the 2023 questionnaire, built from the demo answers, in every dialect.

The export follows ../shared/surveyxact.md: Structure rows per variable (multiple choice one per option, with a
choiceValue that need not equal the column's suffix), Labels for every coded value, the statoverall dummies,
system variables and personal data (e-mail, name) that must never be stored, and names cut to eight characters.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
from django.conf import settings

from clusters.models import Cluster
from surveys.models import QuestionType
from surveys.schema import Schema
from surveys.surveyxact_export import STRUCTURE_HEADER
from surveys.surveyxact_mapping import DEFAULT_STATUS_VALUES

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo" / "survey-klyngesurvey-2023.json"
SAMPLES = Path(settings.BASE_DIR).parent / "shared" / "samples" / "surveyxact"
STATUS_DUMMY = {"not_started": "2", "partial": "3", "completed": "4"}
YES, NO, DONT_KNOW = "1", "2", "3"
EXACT, ESTIMATE = "1", "2"
SECRET_EMAIL = "kontakt@klynge.example"
SECRET_NAME = "Hemmelig Kontaktperson"
COMMENT = 'Godt; "tæt" samarbejde, også i Aalborg'
HEADER = list(STRUCTURE_HEADER)


def _choice_value(index: int, count: int) -> str:
    """The last option got its id late: its choiceValue is not its column suffix."""
    return "99" if index == count else str(index)


def export_tables(schema: Schema) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """(dataset, structure, labels) as rows of strings, for the invited clusters' demo answers."""
    demo = json.loads(DEMO.read_text(encoding="utf-8"))["responses"]
    names = dict(Cluster.objects.filter(slug__in=demo).values_list("slug", "name"))
    structure = [
        ["respondentid", "responde", "Open", "Double", "Respondent-ID", "", ""],
        ["klynge", "klynge", "Closed", "Single", "Klynge", "", ""],
        ["email", "email", "Open", "String", "E-mail", "", ""],
        ["name", "name", "Open", "String", "Navn", "", ""],
        ["difftime", "difftime", "Open", "Double", "Svartid", "", ""],
        *(
            ["statoverall", f"stato_{value}", "Closed", "Multiple", "Svar status", value, label]
            for value, label in zip(
                "12345", ["Ny", "Distribueret", "Nogle svar", "Gennemført", "Frafaldet"], strict=True
            )
        ),
    ]
    labels = [["klynge", str(number), f" {name}\n"] for number, name in enumerate(names.values(), start=1)]
    for number, question in enumerate(schema.questions, start=1):
        name = f"s_{number}"
        if question.type == QuestionType.MULTIPLE_CHOICE:
            count = len(question.option_list)
            for index, option in enumerate(question.option_list, start=1):
                value = _choice_value(index, count)
                structure.append(
                    [name, f"{name}_{index}", "Closed", "Multiple", question.text_da, value, option.label_da]
                )
                labels += [[f"{name}_{index}", "0", "Ikke valgt"], [f"{name}_{index}", "1", "Valgt"]]
        elif question.type in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE):
            structure.append([name, name, "Closed", "Single", question.text_da, "", ""])
            if question.type == QuestionType.YES_NO:
                labels += [[name, YES, "Ja"], [name, NO, "Nej"], [name, DONT_KNOW, "Ved ikke"]]
            else:
                labels += [
                    [name, str(index), option.label_da]
                    for index, option in enumerate(question.option_list, 1)
                ]
        else:
            kind = "Double" if question.type == QuestionType.INTEGER else "String"
            structure.append([name, name, "Open", kind, question.text_da, "", ""])
            if question.allows_estimate:
                flag = f"{name}_est"
                structure.append([flag, flag[:8], "Closed", "Single", "Er tallet et estimat?", "", ""])
                labels += [[flag[:8], EXACT, "Præcist tal"], [flag[:8], ESTIMATE, "Estimat"]]
    dataset_columns = [row[1] for row in structure]
    dataset = [dataset_columns]
    for respondent, (slug, row) in enumerate(demo.items(), start=7001):
        answers, estimates = row.get("answers", {}), set(row.get("estimates", []))
        if slug == "clean":
            answers = {**answers, "comments": COMMENT}
        cells = {
            "responde": str(respondent),
            "klynge": str(list(names).index(slug) + 1),
            "email": SECRET_EMAIL,
            "name": SECRET_NAME,
            "difftime": "135.407",
        }
        cells |= {f"stato_{value}": "1" if value == STATUS_DUMMY[row["status"]] else "0" for value in "12345"}
        for number, question in enumerate(schema.questions, start=1):
            cells |= _answer_cells(
                question, f"s_{number}", answers.get(question.code), question.code in estimates
            )
        dataset.append([cells.get(column, "") for column in dataset_columns])
    return dataset, structure, labels


def _answer_cells(question, name: str, value, is_estimate: bool) -> dict[str, str]:
    if question.type == QuestionType.MULTIPLE_CHOICE:
        if value is None:
            return {}
        return {
            f"{name}_{index}": "1" if option.code in value else "0"
            for index, option in enumerate(question.option_list, start=1)
        }
    if value is None:
        return {}
    if question.type == QuestionType.YES_NO:
        return {name: YES if value else NO}
    if question.type == QuestionType.SINGLE_CHOICE:
        codes = [option.code for option in question.option_list]
        return {name: str(codes.index(value) + 1)}
    if question.type == QuestionType.INTEGER:
        cells = {name: str(value)}
        if question.allows_estimate:
            cells[f"{name}_est"[:8]] = ESTIMATE if is_estimate else EXACT
        return cells
    return {name: value}


def mapping_2023(schema: Schema) -> dict:
    """The mapping of the export above onto the 2023 questionnaire, as an administrator confirms it."""
    questions = {}
    for number, question in enumerate(schema.questions, start=1):
        name = f"s_{number}"
        entry: dict = {"question": name, "type": question.type}
        if question.type == QuestionType.YES_NO:
            entry["values"] = {YES: True, NO: False, DONT_KNOW: None}
        elif question.type == QuestionType.SINGLE_CHOICE:
            entry["values"] = {
                str(index): option.code for index, option in enumerate(question.option_list, 1)
            }
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            count = len(question.option_list)
            entry["choices"] = {
                _choice_value(index, count): option.code
                for index, option in enumerate(question.option_list, 1)
            }
            entry["none_choices"] = []
        elif question.allows_estimate:
            entry["estimate"] = {
                "question": f"{name}_est",
                "estimate_values": [ESTIMATE],
                "unknown_values": [],
            }
        questions[question.code] = entry
    return {
        "survey": "klyngesurvey-2023",
        "respondent_key": {"variable": "klynge"},
        "status": {"question": "statoverall", "values": DEFAULT_STATUS_VALUES},
        "questions": questions,
        "ignore": ["respondentid"],
        "personal_data": ["email", "name"],
    }


def csv_bytes(rows: list[list[str]], dialect: str) -> bytes:
    """One table in a SurveyXact CSV dialect: utf16-tab, ansi-semicolon, ansi-comma or utf8."""
    separator = {"utf16-tab": "\t", "ansi-semicolon": ";", "ansi-comma": ",", "utf8": ","}[dialect]
    if separator == ";":  # numbers with a decimal comma
        rows = [
            [cell.replace(".", ",") if cell.replace(".", "").isdigit() else cell for cell in row]
            for row in rows
        ]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(rows)
    text = out.getvalue()
    if dialect == "utf16-tab":
        return text.encode("utf-16")  # with its BOM
    return text.encode("cp1252" if dialect.startswith("ansi") else "utf-8-sig")


def write_folder(folder: Path, tables: tuple, dialect: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    dataset, structure, labels = tables
    (folder / "dataset.csv").write_bytes(csv_bytes(dataset, dialect))
    (folder / "structure.csv").write_bytes(csv_bytes([HEADER, *structure], dialect))
    (folder / "labels.csv").write_bytes(csv_bytes(labels, dialect))
    return folder


def zip_bytes(tables: tuple, dialect: str) -> bytes:
    dataset, structure, labels = tables
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dataset.csv", csv_bytes(dataset, dialect))
        archive.writestr("structure.csv", csv_bytes([HEADER, *structure], dialect))
        archive.writestr("labels.csv", csv_bytes(labels, dialect))
    return out.getvalue()


def xlsx_bytes(tables: tuple, *, split_at: int | None = None) -> bytes:
    """The export as one workbook, sheets in SurveyXact's order; `split_at` splits Dataset into two sheets."""
    dataset, structure, labels = tables
    workbook = openpyxl.Workbook(write_only=True)  # streamed, as SurveyXact's own files are big
    parts = (
        [("Dataset", dataset)]
        if split_at is None
        else [
            ("Dataset(1)", [row[:split_at] for row in dataset]),
            ("Dataset(2)", [row[split_at:] for row in dataset]),
        ]
    )
    for title, rows in [("Labels", labels), *parts, ("Structure", [HEADER, *structure])]:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(
                [int(cell) if cell.isdigit() and title != "Structure" else cell or None for cell in row]
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
