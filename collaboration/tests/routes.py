from __future__ import annotations

from clusters.models import Cluster
from collaboration.models import Agreement, CollaborationModel, Goal, Kpi, StrategyEffort
from collaboration.models_interviews import Interview
from portal.core.testing import LOGIN, Route, admin_only, everyone, staff_and_admin
from surveys.models import Survey


def _agreement() -> dict:
    return {"pk": Agreement.objects.filter(is_demo=True).order_by("pk").first().pk}


def _model() -> dict:
    return {"slug": CollaborationModel.objects.order_by("position").first().slug}


def _pair() -> dict:
    return {"slug": "energy-cluster-denmark"}


def _goal() -> dict:
    return {"goal": Goal.objects.order_by("pk").first().pk}


def _kpi() -> dict:
    return {"kpi": Kpi.objects.order_by("pk").first().pk}


def _effort() -> dict:
    return {"code": StrategyEffort.objects.order_by("pk").first().code}


def _cluster() -> dict:
    return {"slug": Cluster.objects.order_by("name").first().slug}


def _survey() -> dict:
    return {"slug": Survey.objects.order_by("pk").first().slug}


def _rating() -> dict:
    return {"score": 2, "reason": "Matrixtest"}


def _interaction() -> dict:
    return {"kind": "meeting", "occurred_on": "2025-01-10", "title": "Matrixtest"}


def _interview() -> dict:
    interview, _created = Interview.objects.get_or_create(
        interviewee_role="Matrixtest",
        defaults={
            "held_on": "2025-01-10",
            "cluster": Cluster.objects.order_by("name").first(),
            "key_points": "x",
        },
    )
    return {"pk": interview.pk}


def _new_interview() -> dict:
    empty = {
        f"{prefix}-{key}": "0"
        for prefix in ("quotes", "follow_ups")
        for key in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    cluster = Cluster.objects.order_by("name").first().pk
    return {
        "held_on": "2025-01-10",
        "cluster": cluster,
        "interviewee_role": "Direktør",
        "key_points": "x",
        **empty,
    }


# A POST that is refused changes nothing; an accepted one redirects (302) back to the page.
SAVED = {"anonymous": LOGIN, "staff": 302, "board": 403, "admin": 302}
ADMIN_SAVED = {"anonymous": LOGIN, "staff": 403, "board": 403, "admin": 302}

ROUTES = [
    Route("collaboration:model-list", everyone()),
    Route("collaboration:model-detail", everyone(), kwargs=_model),
    Route("collaboration:model-create", admin_only()),
    Route("collaboration:model-edit", admin_only(), kwargs=_model),
    Route(
        "collaboration:model-edit",
        ADMIN_SAVED,
        kwargs=_model,
        method="post",
        data=lambda: {
            **{
                k: v
                for k, v in CollaborationModel.objects.order_by("position")
                .values("name_da", "slug", "position", "description_da")
                .first()
                .items()
            }
        },
    ),
    Route("collaboration:strategy", everyone()),
    Route("collaboration:strategy-support", everyone()),
    Route("collaboration:strategy-support", everyone(), query="?area=0&members=5"),
    Route("collaboration:effort-create", admin_only()),
    Route("collaboration:effort-edit", admin_only(), kwargs=_effort),
    Route("collaboration:fit-matrix", everyone()),
    Route("collaboration:fit-matrix", everyone(), query="?area=-1&sort=deb-green"),
    Route("collaboration:fit-rate", staff_and_admin(), kwargs=_pair, query="?indsats=deb-green"),
    Route("collaboration:fit-rate", staff_and_admin(404), kwargs=_pair, query="?indsats=findes-ikke"),
    Route(
        "collaboration:fit-rate", SAVED, kwargs=_pair, method="post", data=_rating, query="?indsats=deb-green"
    ),
    Route("collaboration:agreement-list", everyone()),
    Route("collaboration:agreement-list", everyone(), query="?status=active&sort=-start&q=demo"),
    Route("collaboration:agreement-detail", everyone(), kwargs=_agreement),
    Route("collaboration:agreement-create", admin_only()),
    Route("collaboration:agreement-edit", admin_only(), kwargs=_agreement),
    Route("collaboration:document-create", admin_only(), kwargs=_agreement),
    Route(
        "collaboration:document-create",
        ADMIN_SAVED,
        kwargs=_agreement,
        method="post",
        data=lambda: {"title": "Aftaletekst", "url": "https://example.org/aftale.pdf"},
    ),
    Route("collaboration:goal-create", admin_only(), kwargs=_agreement),
    Route("collaboration:kpi-create", admin_only(), kwargs=_goal),
    Route("collaboration:measurement-create", admin_only(), kwargs=_kpi),
    Route(
        "collaboration:measurement-create",
        ADMIN_SAVED,
        kwargs=_kpi,
        method="post",
        data=lambda: {"measured_on": "2026-01-01", "value": "50"},
    ),
    Route("collaboration:agreement-interaction-create", staff_and_admin(), kwargs=_agreement),
    Route(
        "collaboration:agreement-interaction-create",
        SAVED,
        kwargs=_agreement,
        method="post",
        data=_interaction,
    ),
    Route("collaboration:cluster-interaction-create", staff_and_admin(), kwargs=_cluster),
    Route(
        "collaboration:cluster-interaction-create", SAVED, kwargs=_cluster, method="post", data=_interaction
    ),
    Route("collaboration:coverage", everyone()),
    Route("collaboration:survey-agreements", admin_only(), kwargs=_survey),
    Route("collaboration:survey-agreements", ADMIN_SAVED, kwargs=_survey, method="post"),
    Route("collaboration:interview-list", staff_and_admin()),
    Route("collaboration:interview-list", staff_and_admin(), query="?theme=medlemmer&open_follow_ups=true"),
    Route("collaboration:interview-create", staff_and_admin()),
    Route("collaboration:interview-create", staff_and_admin(), query="?actor=aau"),
    Route("collaboration:interview-create", SAVED, method="post", data=_new_interview),
    Route("collaboration:interview-detail", staff_and_admin(), kwargs=_interview),
    Route("collaboration:interview-edit", staff_and_admin(), kwargs=_interview),
    Route("collaboration:followup-list", staff_and_admin()),
    Route("collaboration:followup-list", staff_and_admin(), query="?kind=kpi&kind=survey&overdue=on"),
    Route("collaboration:digest-subscription", SAVED, method="post", data=lambda: {"subscribe": "1"}),
    Route("collaboration:meeting-create", staff_and_admin(), kwargs=_agreement),
    Route(
        "collaboration:meeting-create",
        SAVED,
        kwargs=_agreement,
        method="post",
        data=lambda: {"scheduled_on": "2025-03-01", "title": "Matrixtest"},
    ),
]
