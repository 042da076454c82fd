"""New survey waves: next year's survey with a copy of the questionnaire, and the invitations of clusters."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from clusters.models import Cluster, ProgrammePeriod
from surveys.models import Option, Question, Questionnaire, Response, ResponseStatus, Rule, Section, Survey
from surveys.schema import schema_load

# What a questionnaire copy takes over of each question and option.
_QUESTION_FIELDS = ("code", "type", "text_da", "text_en", "help_da", "help_en", "order", "allows_estimate")
_OPTION_FIELDS = ("code", "label_da", "label_en", "order", "municipality_id")


@transaction.atomic
def survey_start_next(
    *, survey: Survey, period: ProgrammePeriod, year: int, title: str = "", slug: str = "", user=None
) -> Survey:
    """Start a new survey: a copy of `survey`'s questionnaire, inviting the active clusters of `period`."""
    slug = slug or f"klyngesurvey-{year}"
    if Survey.objects.filter(slug=slug).exists() or Questionnaire.objects.filter(slug=slug).exists():
        raise ValidationError(
            {"slug": _("Der findes allerede en survey med det korte navn %(slug)s.") % {"slug": slug}}
        )
    new = Survey.objects.create(
        title=title or survey.title,
        slug=slug,
        year=year,
        period=period,
        questionnaire=questionnaire_copy(questionnaire=survey.questionnaire, slug=slug),
        board_min_group=survey.board_min_group,  # the board's minimum carries over; its access to answers does not
    )
    survey_invite(survey=new, clusters=Cluster.objects.active_in(period), user=user)
    return new


def questionnaire_copy(*, questionnaire: Questionnaire, slug: str) -> Questionnaire:
    """A full copy (sections, questions, options, rules) that can then be changed without touching the old one."""
    schema = schema_load(questionnaire)
    copy = Questionnaire.objects.create(
        slug=slug, title_da=questionnaire.title_da, title_en=questionnaire.title_en
    )
    sections = {
        section.pk: Section.objects.create(
            questionnaire=copy,
            code=section.code,
            title_da=section.title_da,
            title_en=section.title_en,
            order=section.order,
        )
        for section in schema.sections
    }
    questions: dict[str, Question] = {}
    for question in schema.questions:
        questions[question.code] = Question.objects.create(
            questionnaire=copy,
            section=sections[question.section_id],
            **{name: getattr(question, name) for name in _QUESTION_FIELDS},
        )
        Option.objects.bulk_create(
            Option(
                question=questions[question.code],
                **{name: getattr(option, name) for name in _OPTION_FIELDS},
            )
            for option in question.option_list
        )
    for rule in questionnaire.rules.select_related("question", "condition_question", "condition_option"):
        rule_create(
            questionnaire=copy,
            questions=questions,
            data={
                "kind": rule.kind,
                "question": rule.question.code,
                "parts": [part.code for part in rule.parts.all()],
                "condition_question": rule.condition_question.code if rule.condition_question else "",
                "condition_option": rule.condition_option.code if rule.condition_option else "",
                "message_da": rule.message_da,
                "message_en": rule.message_en,
            },
        )
    return copy


def survey_invite(*, survey: Survey, clusters, user=None) -> list[Response]:
    """Invite the clusters not invited yet (one not-started response each)."""
    invited = set(survey.responses.values_list("cluster_id", flat=True))
    new = [
        Response(survey=survey, cluster=cluster, status=ResponseStatus.NOT_STARTED)
        for cluster in clusters
        if cluster.pk not in invited
    ]
    return bulk_create_with_history(new, Response, default_user=user)


def rule_create(*, questionnaire: Questionnaire, questions: dict[str, Question], data: dict) -> Rule:
    """A rule from its fixture form (`data`), its questions looked up by code in `questions`."""
    condition = questions.get(data.get("condition_question") or "")
    rule = Rule.objects.create(
        questionnaire=questionnaire,
        kind=data["kind"],
        question=questions[data["question"]],
        condition_question=condition,
        condition_option=condition.options.get(code=data["condition_option"]) if condition else None,
        message_da=data["message_da"],
        message_en=data.get("message_en", ""),
    )
    rule.parts.set([questions[code] for code in data.get("parts", [])])
    return rule
