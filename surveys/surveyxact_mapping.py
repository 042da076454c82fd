"""The mapping from a SurveyXact export to a portal survey (../shared/surveyxact.md): checking and proposing it.

A mapping is plain JSON kept on the survey (`Survey.surveyxact_mapping`). `mapping_problems` refuses a mapping
that names an unknown portal code, SurveyXact question, value or choice, before any row is read;
`mapping_propose` drafts one by matching question texts and option labels, for an administrator to confirm.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from surveys.models import QuestionType, ResponseStatus
from surveys.schema import Schema
from surveys.surveyxact_export import Export, Variable

STATUS_QUESTION = "statoverall"
# 1 Ny, 2 Distribueret, 3 Nogle svar, 4 Gennemført, 5 Frafaldet
DEFAULT_STATUS_VALUES = {
    "1": "not_started",
    "2": "not_started",
    "3": "partial",
    "4": "completed",
    "5": "not_started",
}
# SurveyXact's own system and background variables (questionName, lower case): never answers, never stored.
SYSTEM_QUESTIONS = frozenset(
    {
        "respondentid", "survey", "organization", "created", "modified", "closetime", "starttime", "difftime",
        "responsecollectsessions", "numberofreturnedmail", "importgroup", "distributionschedule", "email",
        "name", "lang", "digitaldistributionstatus", "digitaldistributionerrormessage", "statinternal",
        "statcompletion", "statcreation", "statdistribution", "statsource", "statcollect", STATUS_QUESTION,
        "generated_id", "unique_id", "x_exclude",
    }
)  # fmt: skip
PERSONAL_QUESTIONS = frozenset({"email", "name"})
RESPONDENT_ID = "respondentid"
_SIMILAR_ENOUGH = 0.6


class MappingError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def mapping_parse(text: str | bytes) -> dict:
    """A mapping from JSON text; MappingError when it is not a JSON object."""
    try:
        mapping = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise MappingError([_("Mappingen er ikke gyldig JSON: %(error)s") % {"error": error}]) from None
    if not isinstance(mapping, dict):
        raise MappingError([_("Mappingen skal være et JSON-objekt.")])
    return mapping


def normalised(text: str) -> str:
    """Labels and names compared stripped, with inner whitespace collapsed, case-insensitively."""
    return " ".join(str(text).split()).casefold()


def question_variables(export: Export, question: str) -> list[Variable]:
    """The Structure rows of a SurveyXact question, by its long name (or its variable name)."""
    variables = export.by_question.get(question)
    if variables:
        return variables
    variable = export.by_name.get(question)
    return [variable] if variable else []


def _coded_values(export: Export, variables: list[Variable]) -> set[str]:
    return {value for variable in variables for value in export.labels.get(variable.name, {})}


class _Checker:
    def __init__(self, mapping: dict, schema: Schema, export: Export, survey_slug: str):
        self.mapping, self.schema, self.export, self.survey_slug = mapping, schema, export, survey_slug
        self.problems: list[str] = []

    def problem(self, message: str, **values) -> None:
        self.problems.append(message % values if values else message)

    def sx_question(self, where: str, name) -> list[Variable]:
        variables = question_variables(self.export, name) if isinstance(name, str) else []
        if not variables:
            self.problem(
                _("%(where)s: SurveyXact-spørgsmålet «%(name)s» findes ikke i eksporten."),
                where=where,
                name=name,
            )
        return variables

    def coded(self, where: str, variables: list[Variable], values) -> None:
        known = _coded_values(self.export, variables)
        for value in values:
            if str(value) not in known:
                self.problem(
                    _("%(where)s: værdien «%(value)s» findes ikke i eksportens Labels."),
                    where=where,
                    value=value,
                )

    def run(self) -> list[str]:
        mapping = self.mapping
        if mapping.get("survey") not in (None, self.survey_slug):
            self.problem(_("Mappingen hører til surveyen «%(slug)s»."), slug=mapping.get("survey"))
        key = (mapping.get("respondent_key") or {}).get("variable")
        if not key:
            self.problem(_("Mappingen mangler respondent_key.variable (variablen med klyngens navn)."))
        else:
            self.sx_question("respondent_key", key)
        self.status()
        questions = mapping.get("questions")
        if not isinstance(questions, dict) or not questions:
            self.problem(_("Mappingen mangler «questions»."))
        else:
            for code, entry in questions.items():
                self.question(code, entry)
        for listed in ("ignore", "personal_data"):
            if not isinstance(mapping.get(listed, []), list):
                self.problem(_("«%(key)s» skal være en liste af variabelnavne."), key=listed)
        return self.problems

    def status(self) -> None:
        status = self.mapping.get("status") or {}
        variables = self.sx_question("status", status.get("question", STATUS_QUESTION))
        values = status.get("values", DEFAULT_STATUS_VALUES)
        choices = {variable.choice_value for variable in variables}
        for value, target in values.items():
            if variables and value not in choices:
                self.problem(_("status: SurveyXact-status «%(value)s» findes ikke."), value=value)
            if target not in ResponseStatus.values:
                self.problem(_("status: «%(target)s» er ikke en status i portalen."), target=target)

    def question(self, code: str, entry: dict) -> None:
        question = self.schema.by_code.get(code)
        if question is None:
            self.problem(_("«%(code)s» er ikke et spørgsmål i surveyen."), code=code)
            return
        if not isinstance(entry, dict) or entry.get("type") != question.type:
            self.problem(
                _("«%(code)s»: typen skal være «%(type)s» som portalens spørgsmål."),
                code=code,
                type=question.type,
            )
            return
        variables = self.sx_question(code, entry.get("question"))
        if any(normalised(variable.question) in PERSONAL_QUESTIONS for variable in variables) or entry.get(
            "question"
        ) in self.mapping.get("personal_data", []):
            self.problem(_("«%(code)s»: en personlig variabel gemmes aldrig."), code=code)
        if question.type in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE):
            values = entry.get("values") or {}
            self.coded(code, variables, values)
            for target in values.values():
                valid = (
                    target is None or isinstance(target, bool)
                    if question.type == QuestionType.YES_NO
                    else target is None or target in question.options_by_code
                )
                if not valid:
                    self.problem(
                        _("«%(code)s»: «%(target)s» er ikke et gyldigt svar."), code=code, target=target
                    )
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            ids = {variable.choice_value for variable in variables}
            choices = entry.get("choices") or {}
            for choice in [*choices, *entry.get("none_choices", [])]:
                if variables and str(choice) not in ids:
                    self.problem(
                        _("«%(code)s»: valgmuligheden «%(choice)s» findes ikke."), code=code, choice=choice
                    )
            for target in choices.values():
                if target not in question.options_by_code:
                    self.problem(
                        _("«%(code)s»: «%(target)s» er ikke en svarmulighed."), code=code, target=target
                    )
        elif question.type == QuestionType.INTEGER and "estimate" in entry:
            estimate = entry["estimate"] or {}
            flags = self.sx_question(code, estimate.get("question"))
            self.coded(
                code, flags, [*estimate.get("estimate_values", []), *estimate.get("unknown_values", [])]
            )


def mapping_problems(mapping: dict, *, schema: Schema, export: Export, survey_slug: str) -> list[str]:
    """Every reason the mapping cannot be used with this export, in Danish; empty when it can."""
    return _Checker(mapping, schema, export, survey_slug).run()


def _similarity(first: str, second: str) -> float:
    return SequenceMatcher(None, normalised(first), normalised(second)).ratio()


def _best(text: str, candidates: dict[str, str]) -> str | None:
    """The key of the candidate text most like `text`, if it is like it at all."""
    scored = [(_similarity(text, candidate), key) for key, candidate in candidates.items()]
    score, key = max(scored, default=(0.0, None))
    return key if score >= _SIMILAR_ENOUGH else None


def mapping_propose(*, schema: Schema, export: Export, survey_slug: str) -> dict:
    """A draft mapping: each portal question matched to the SurveyXact question with the most similar text,
    and its options to the most similar labels. The administrator checks and confirms it."""
    texts = {
        name: variables[0].text
        for name, variables in export.by_question.items()
        if normalised(name) not in SYSTEM_QUESTIONS
    }
    questions = {}
    for question in schema.questions:
        name = _best(question.text_da, texts)
        if name is None:
            continue
        variables = export.by_question[name]
        entry: dict = {"question": name, "type": question.type}
        labels = {option.code: option.label_da for option in question.option_list}
        if question.type == QuestionType.MULTIPLE_CHOICE:
            entry["choices"] = {
                variable.choice_value: code
                for variable in variables
                if (code := _best(variable.choice_text, labels)) is not None
            }
            entry["none_choices"] = []
        elif question.type in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE):
            coded = export.labels.get(variables[0].name, {})
            if question.type == QuestionType.YES_NO:
                labels = {"true": "ja", "false": "nej"}
            entry["values"] = {
                value: {"true": True, "false": False}.get(code, code) if code else None
                for value, label in coded.items()
                for code in [_best(label, labels)]
            }
        questions[question.code] = entry
    used = {entry["question"] for entry in questions.values()}
    return {
        "survey": survey_slug,
        "respondent_key": {"variable": _respondent_key(export)},
        "status": {"question": STATUS_QUESTION, "values": DEFAULT_STATUS_VALUES},
        "questions": questions,
        "ignore": sorted(name for name in texts if name not in used),
        "personal_data": sorted(
            name for name in export.by_question if normalised(name) in PERSONAL_QUESTIONS
        ),
    }


def _respondent_key(export: Export) -> str:
    """The background variable most likely to name the cluster: one called or asking for 'klynge'."""
    for name, variables in export.by_question.items():
        if "klynge" in normalised(name) or "klynge" in normalised(variables[0].text):
            return name
    return ""
