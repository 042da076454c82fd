"""Loading the shipped survey (reference data) and its illustrative answers (demo data).

Both are idempotent: records are matched on their natural keys, and the demo answers are written through the
same path as the form and the import, so a second load changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from clusters.models import Cluster, Municipality, ProgrammePeriod
from surveys.models import Option, Question, Questionnaire, QuestionType, Section, Survey
from surveys.schema import Answers, AnswerValue, Schema, schema_load
from surveys.services import responses_apply, responses_diff
from surveys.services_waves import rule_create, survey_invite

SURVEY_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference" / "survey-klyngesurvey-2023.json"
DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "survey-klyngesurvey-2023.json"


@transaction.atomic
def survey_load_reference(*, path: Path = SURVEY_FIXTURE) -> dict[str, int]:
    """Create the shipped survey, its questionnaire and the invitations of the period's active clusters.

    Records are matched on their natural keys and never overwritten, so a second load changes nothing and
    an administrator's corrections stay.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    counts = {"created": 0, "updated": 0}
    questionnaire = _get_or_create(
        Questionnaire, counts, slug=data["questionnaire"]["slug"], defaults=data["questionnaire"]
    )
    municipalities = {municipality.code: municipality for municipality in Municipality.objects.all()}
    questions: dict[str, Question] = {}
    for section_order, section_data in enumerate(data["sections"], start=1):
        section = _get_or_create(
            Section,
            counts,
            questionnaire=questionnaire,
            code=section_data["code"],
            defaults={
                "title_da": section_data["title_da"],
                "title_en": section_data["title_en"],
                "order": section_order,
            },
        )
        for question_order, question_data in enumerate(section_data["questions"], start=1):
            values = {key: value for key, value in question_data.items() if key not in ("code", "options")}
            question = _get_or_create(
                Question,
                counts,
                questionnaire=questionnaire,
                code=question_data["code"],
                defaults={**values, "section": section, "order": question_order},
            )
            questions[question.code] = question
            for option_order, option_data in enumerate(question_data.get("options", []), start=1):
                _get_or_create(
                    Option,
                    counts,
                    question=question,
                    code=option_data["code"],
                    defaults={
                        "label_da": option_data["label_da"],
                        "label_en": option_data["label_en"],
                        "order": option_order,
                        "municipality": municipalities.get(option_data.get("municipality")),
                    },
                )
    if not questionnaire.rules.exists():
        for rule_data in data["rules"]:
            rule_create(questionnaire=questionnaire, questions=questions, data=rule_data)
            counts["created"] += 1
    survey_data = data["survey"]
    survey = _get_or_create(
        Survey,
        counts,
        slug=survey_data["slug"],
        defaults={
            "title": survey_data["title"],
            "year": survey_data["year"],
            "period": ProgrammePeriod.objects.get(code=survey_data["period"]),
            "questionnaire": questionnaire,
            "sent_on": survey_data["sent_on"],
            "closes_on": survey_data["closes_on"],
        },
    )
    counts["created"] += len(survey_invite(survey=survey, clusters=Cluster.objects.active_in(survey.period)))
    return counts


def _get_or_create(model, counts: dict[str, int], defaults: dict, **lookup):
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    counts["created"] += created
    return obj


@transaction.atomic
def survey_load_demo(*, path: Path = DEMO_FIXTURE) -> dict[str, int]:
    """Fill the reference survey with illustrative answers that reproduce the published 2023 aggregates.

    Only the aggregates were published; the per-cluster values are made up, so the survey is marked as demo.
    Written through the same path as the form and the import, so a second load changes nothing.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    survey = Survey.objects.select_related("questionnaire").get(slug=data["survey"])
    counts = {"created": 0, "updated": 0}
    if not survey.is_demo:
        survey.is_demo = True
        survey.save(update_fields=["is_demo"])
        counts["updated"] += 1
    schema = schema_load(survey.questionnaire)
    responses = {response.cluster.slug: response for response in survey.responses.select_related("cluster")}
    wanted = {
        responses[slug]: (row["status"], _demo_answers(schema, row))
        for slug, row in data["responses"].items()
    }
    counts["updated"] += responses_apply(
        responses_diff(schema=schema, wanted=wanted), schema=schema, reason="demodata"
    )
    return counts


def _demo_answers(schema: Schema, row: dict) -> Answers:
    estimates = set(row.get("estimates", []))
    answers = {}
    for code, value in row.get("answers", {}).items():
        question = schema.by_code[code]
        if question.type == QuestionType.MULTIPLE_CHOICE:
            value = frozenset(value)
        answers[code] = AnswerValue(value, code in estimates)
    return answers
