"""Reads of the interviews: the filtered list, a cluster's or actor's interviews, and the quotes staff
marked quotable (without names). Constant query counts whatever the number of interviews."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from clusters.models import Actor, Cluster
from collaboration.models_interviews import Interview, InterviewFollowUp, InterviewQuote


def interview_list() -> QuerySet[Interview]:
    return (
        Interview.objects.select_related("cluster", "actor", "interviewer")
        .prefetch_related("themes")
        .annotate(open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True)))
        .order_by("-held_on", "-pk")  # an aggregate query drops Meta.ordering; the pages need a stable order
    )


def interview_detail(*, pk: int) -> Interview:
    return (
        Interview.objects.select_related("cluster", "actor", "interviewer", "contact")
        .prefetch_related("themes", "quotes", "follow_ups")
        .get(pk=pk)
    )


def subject_interviews(*, cluster: Cluster | None = None, actor: Actor | None = None) -> list[Interview]:
    """The interviews with one cluster or one actor, newest first, with their quotes and follow-ups."""
    subject = {"cluster": cluster} if cluster is not None else {"actor": actor}
    return list(
        Interview.objects.filter(**subject)
        .select_related("interviewer")
        .prefetch_related(
            "themes",
            "quotes",
            Prefetch("follow_ups", queryset=InterviewFollowUp.objects.filter(done_on__isnull=True)),
        )
    )


def quotable_quotes(*, limit: int = 6) -> list[InterviewQuote]:
    """The newest quotes staff marked quotable, for the management pack: the text and the kind of
    organisation only (a cluster or an actor), never the person's name or role."""
    return list(
        InterviewQuote.objects.filter(is_quotable=True)
        .select_related("interview")
        .order_by("-interview__held_on", "-pk")[:limit]
    )
