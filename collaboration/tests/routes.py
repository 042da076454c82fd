from __future__ import annotations

from clusters.models import Cluster
from collaboration.models import Agreement, CollaborationModel, Goal, Kpi, StrategyEffort
from portal.core.testing import LOGIN, Route, admin_only, everyone, staff_and_admin
from surveys.models import Survey


def _agreement() -> dict:
    return {"pk": Agreement.objects.filter(is_demo=True).order_by("pk").first().pk}


def _model() -> dict:
    return {"slug": CollaborationModel.objects.order_by("position").first().slug}


def _pair() -> dict:
    return {"slug": "energy-cluster-denmark", "code": "deb-green"}


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
                .values("name", "slug", "position", "description")
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
    Route("collaboration:fit-rate", staff_and_admin(), kwargs=_pair),
    Route("collaboration:fit-rate", SAVED, kwargs=_pair, method="post", data=_rating),
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
]
