"""Reading the rows of a SurveyXact export through a checked mapping into the import's parsed rows.

The result is the same `ParsedFile` our own Excel import produces, so the preview, the all-or-nothing rule and
the write are shared (`surveys.services_import`). Only mapped questions are read: no personal or system variable
of the export reaches the parsed rows.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from surveys.excel_import import MAX_INT, ImportIssue, ParsedFile, ParsedRow
from surveys.models import QuestionType, ResponseStatus
from surveys.schema import Answers, AnswerValue, Schema
from surveys.surveyxact_export import Export, Variable
from surveys.surveyxact_mapping import (
    DEFAULT_STATUS_VALUES,
    RESPONDENT_ID,
    STATUS_QUESTION,
    SYSTEM_QUESTIONS,
    normalised,
    question_variables,
)

SHEET = "Dataset"
TICKED, NOT_TICKED = "1", "0"


class _CellError(ValueError):
    pass


def _whole_number(text: str) -> int | None:
    """`90`, `90.0` and `90,0` are 90; blank is no answer; fractions, negatives and words are errors."""
    if not text:
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise _CellError(_("Er ikke et tal.")) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise _CellError(_("Skal være et helt tal uden decimaler."))
    if number < 0:
        raise _CellError(_("Må ikke være negativt."))
    if number > MAX_INT:
        raise _CellError(_("Er for stort."))
    return int(number)


class _Reader:
    def __init__(self, export: Export, mapping: dict, schema: Schema, cluster_slugs: dict[str, str]):
        self.export, self.mapping, self.schema = export, mapping, schema
        self.cluster_slugs = cluster_slugs  # normalised name or slug → slug
        self.result = ParsedFile(sheet=SHEET, cluster_column=mapping["respondent_key"]["variable"])
        self.columns = {
            self._variable(column).name: column for column in export.columns if self._variable(column)
        }
        self.key = question_variables(export, mapping["respondent_key"]["variable"])[0]
        status = mapping.get("status") or {}
        self.status_dummies = question_variables(export, status.get("question", STATUS_QUESTION))
        self.status_values = status.get("values", DEFAULT_STATUS_VALUES)
        self.respondent_ids = question_variables(export, RESPONDENT_ID)

    def _variable(self, column: str) -> Variable | None:
        """A Dataset column's Structure row: by its variable name, else by its long (question) name."""
        variable = self.export.by_name.get(column)
        if variable is None:
            candidates = self.export.by_question.get(column, [])
            variable = candidates[0] if len(candidates) == 1 else None
        return variable

    def cell(self, row: dict[str, str], variable: Variable) -> str:
        column = self.columns.get(variable.name)
        return row.get(column, "") if column else ""

    def parse(self, max_rows: int) -> ParsedFile:
        self._check_variables()
        chosen: dict[str, tuple[int, ParsedRow]] = {}
        for number, row in enumerate(self.export.rows, start=2):
            if number - 1 > max_rows:
                message = _(
                    "Dataset har flere end %(count)s respondenter, langt flere end de inviterede klynger; "
                    "læsningen er stoppet."
                )
                self.error(number, "", "", "", message % {"count": max_rows})
                break
            parsed = self._row(number, row)
            if parsed is not None:
                self._keep_one(chosen, parsed)
        self.result.rows = [parsed for _number, parsed in chosen.values()]
        if not self.export.rows:
            self.error(None, "", "", "", _("Dataset har ingen respondenter."))
        return self.result

    def error(self, number: int | None, respondent: str, variable: str, value: str, message: str) -> None:
        self.result.add_error(ImportIssue(SHEET, number, variable, value[:100], message, respondent))

    def _check_variables(self) -> None:
        """Every Dataset column must be known: mapped, ignored, personal or one of SurveyXact's own."""
        mapping = self.mapping
        known = {normalised(name) for name in [*mapping.get("ignore", []), *mapping.get("personal_data", [])]}
        known |= SYSTEM_QUESTIONS | {normalised(mapping["respondent_key"]["variable"])}
        known |= {normalised((mapping.get("status") or {}).get("question", STATUS_QUESTION))}
        for entry in mapping["questions"].values():
            known.add(normalised(entry["question"]))
            if "estimate" in entry:
                known.add(normalised(entry["estimate"]["question"]))
        for column in self.export.columns:
            variable = self._variable(column)
            if variable is None:
                self.error(None, "", column, "", _("Variablen står ikke i eksportens Structure."))
            elif not ({normalised(variable.question), normalised(variable.name)} & known):
                self.error(
                    None,
                    "",
                    column,
                    "",
                    _("Mappingen kender ikke variablen; tilføj den under «ignore» eller «questions»."),
                )

    def _respondent(self, row: dict[str, str]) -> tuple[str, str]:
        """(respondentid, the cluster's name as the export gives it) of a row."""
        identifier = self.cell(row, self.respondent_ids[0]) if self.respondent_ids else ""
        value = self.cell(row, self.key)
        name = self.export.labels.get(self.key.name, {}).get(value, value)
        return identifier, name

    def _row(self, number: int, row: dict[str, str]) -> ParsedRow | None:
        errors_before = self.result.error_count
        identifier, name = self._respondent(row)
        respondent = f"{identifier} ({name})" if identifier else name
        slug = self.cluster_slugs.get(normalised(name), name)
        if not name:
            self.error(number, respondent, self.key.name, "", _("Rækken mangler klyngens navn."))
        status = self._status(number, respondent, row)
        answers = self._answers(number, respondent, row)
        if status not in (None, ResponseStatus.NOT_STARTED):
            for violation in self.schema.violations(answers):
                entry = self.mapping["questions"].get(violation.question_code, {})
                self.error(
                    number, respondent, entry.get("question", violation.question_code), "", violation.message
                )
        if self.result.error_count > errors_before or status is None or not name:
            self.result.clusters.setdefault(slug, number)
            return None
        self.result.clusters.setdefault(slug, number)
        answers = {} if status == ResponseStatus.NOT_STARTED else answers
        return ParsedRow(number, slug, status, answers, source=identifier)

    def _keep_one(self, chosen: dict[str, tuple[int, ParsedRow]], parsed: ParsedRow) -> None:
        """Two rows for one cluster are an error, unless exactly one is completed: that one is used."""
        earlier = chosen.get(parsed.cluster_slug)
        if earlier is None:
            chosen[parsed.cluster_slug] = (parsed.row, parsed)
            return
        first = earlier[1]
        completed = [row for row in (first, parsed) if row.status == ResponseStatus.COMPLETED]
        if len(completed) == 1:
            other = parsed if completed[0] is first else first
            chosen[parsed.cluster_slug] = (completed[0].row, completed[0])
            self.result.notes.append(
                ImportIssue(
                    SHEET,
                    other.row,
                    self.key.name,
                    parsed.cluster_slug,
                    _(
                        "Klyngen står også i række %(row)s, som er gennemført og bruges; denne række bruges ikke."
                    )
                    % {"row": completed[0].row},
                    other.source,
                )
            )
        else:
            self.error(
                parsed.row,
                parsed.source,
                self.key.name,
                parsed.cluster_slug,
                _("Klyngen står også i række %(row)s.") % {"row": first.row},
            )

    def _status(self, number: int, respondent: str, row: dict[str, str]) -> str | None:
        ticked = [variable for variable in self.status_dummies if self.cell(row, variable) == TICKED]
        if len(ticked) != 1:
            names = ", ".join(variable.name for variable in ticked)
            message = (
                _("Flere statusfelter er sat; præcis ét skal være 1.")
                if ticked
                else _("Intet statusfelt er sat; præcis ét skal være 1.")
            )
            self.error(number, respondent, names or STATUS_QUESTION, "", message)
            return None
        value = ticked[0].choice_value
        if value not in self.status_values:
            self.error(number, respondent, ticked[0].name, value, _("Mappingen kender ikke denne status."))
            return None
        return self.status_values[value]

    def _answers(self, number: int, respondent: str, row: dict[str, str]) -> Answers:
        answers: Answers = {}
        for code, entry in self.mapping["questions"].items():
            question = self.schema.by_code[code]
            variables = question_variables(self.export, entry["question"])
            try:
                value = self._value(question.type, entry, variables, row)
            except _CellError as problem:
                variable, cell, message = (
                    problem.args if len(problem.args) == 3 else (variables[0], "", str(problem))
                )
                self.error(number, respondent, variable.name, cell, message)
                continue
            if value is not None:
                answers[code] = value
        return answers

    def _value(
        self, kind: str, entry: dict, variables: list[Variable], row: dict[str, str]
    ) -> AnswerValue | None:
        if kind == QuestionType.MULTIPLE_CHOICE:
            return self._choices(entry, variables, row)
        variable = variables[0]
        text = self.cell(row, variable)
        if kind == QuestionType.TEXT:
            return AnswerValue(text) if text else None
        if kind == QuestionType.INTEGER:
            try:
                number = _whole_number(text)
            except _CellError as problem:
                raise _CellError(variable, text, str(problem)) from None
            return self._estimated(entry, number, row)
        if not text:
            return None
        values = entry.get("values") or {}
        if text not in values:
            raise _CellError(variable, text, _("Mappingen kender ikke denne kodede værdi."))
        return None if values[text] is None else AnswerValue(values[text])

    def _estimated(self, entry: dict, number: int | None, row: dict[str, str]) -> AnswerValue | None:
        if number is None:
            return None
        estimate = entry.get("estimate")
        if not estimate:
            return AnswerValue(number)
        flag = self.cell(row, question_variables(self.export, estimate["question"])[0])
        if flag in estimate.get("unknown_values", []):
            return None
        return AnswerValue(number, flag in estimate.get("estimate_values", []))

    def _choices(self, entry: dict, variables: list[Variable], row: dict[str, str]) -> AnswerValue | None:
        """All option columns blank: unanswered; all 0, or a "none of these" ticked: answered with no option."""
        choices, none_choices = entry.get("choices") or {}, set(entry.get("none_choices", []))
        cells = [(variable, self.cell(row, variable)) for variable in variables]
        if all(not cell for _variable, cell in cells):
            return None
        chosen = set()
        for variable, cell in cells:
            if cell not in ("", TICKED, NOT_TICKED):
                raise _CellError(variable, cell, _("En valgmulighed skal være 1, 0 eller tom."))
            if cell != TICKED or variable.choice_value in none_choices:
                continue
            if variable.choice_value not in choices:
                raise _CellError(variable, cell, _("Mappingen kender ikke denne valgmulighed."))
            chosen.add(choices[variable.choice_value])
        ticked_none = any(
            cell == TICKED and variable.choice_value in none_choices for variable, cell in cells
        )
        return AnswerValue(frozenset() if ticked_none else frozenset(chosen))


def rows_read(
    *, export: Export, mapping: dict, schema: Schema, cluster_slugs: dict[str, str], max_rows: int
) -> ParsedFile:
    """The export's rows as parsed rows and every error, for a mapping `mapping_problems` accepted.

    Reading stops after `max_rows` respondents (an export far longer than the invited clusters)."""
    return _Reader(export, mapping, schema, cluster_slugs).parse(max_rows)
