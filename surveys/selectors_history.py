"""The response page's "Historik": changes to the response's status, answers and chosen options, and its
answer link (staff and administrators only)."""

from __future__ import annotations

from portal.core.history import HistorySource, history_section
from surveys.models import Answer, AnswerChoice, AnswerLink, Response, Survey
from surveys.schema import schema_load


def response_history(*, survey: Survey, response: Response) -> dict:
    schema = schema_load(survey.questionnaire)
    # Named as the response page names them: a question by its text, an option by its label (a code such as
    # a kommunekode tells staff nothing).
    questions = {question.pk: question.text for question in schema.questions}
    options = {pk: option.label for pk, option in schema.options_by_pk.items()}
    answer_ids = Answer.history.filter(response_id=response.pk).values("id")
    sources = [
        HistorySource(Response.history.filter(id=response.pk)),
        HistorySource(
            Answer.history.filter(response_id=response.pk),
            label=lambda row: questions.get(row.question_id, ""),
            names={"option_id": options, "question_id": questions},
        ),
        HistorySource(
            AnswerChoice.history.filter(answer_id__in=answer_ids),
            label=lambda row: options.get(row.option_id, ""),
        ),
        HistorySource(AnswerLink.history.filter(response_id=response.pk)),
    ]
    return history_section(sources=sources)
