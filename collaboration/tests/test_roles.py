"""Staff rate and keep the log, administrators edit models and agreements, the board reads only."""

from __future__ import annotations

import pytest

from clusters.tests.factories import ClusterFactory
from collaboration.models import Agreement, CollaborationModel, FitRating, Interaction
from collaboration.tests.factories import AgreementFactory, StrategyEffortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return ClusterFactory(slug="k"), StrategyEffortFactory(code="gron", keywords="energi")


def test_staff_rating_is_saved_with_who_and_replaces_the_earlier_one(client_for_role, pair):
    client = client_for_role("staff")
    url = "/samarbejde/match/k/vurder/?indsats=gron"
    assert client.post(url, {"score": 1, "reason": "Lidt"}).status_code == 302
    assert client.post(url, {"score": 3, "reason": "Meget, efter mødet"}).status_code == 302
    rating = FitRating.objects.get()
    assert (rating.score, rating.reason, rating.rated_by.username) == (3, "Meget, efter mødet", "user-staff")
    assert rating.history.count() == 2


def test_rating_needs_a_reason_and_a_score_in_range(client_for_role, pair):
    client = client_for_role("staff")
    response = client.post("/samarbejde/match/k/vurder/?indsats=gron", {"score": 4, "reason": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"score", "reason"}
    assert not FitRating.objects.exists()


def test_board_cannot_rate_or_write_in_the_log(client_for_role, pair):
    client = client_for_role("board")
    assert (
        client.post("/samarbejde/match/k/vurder/?indsats=gron", {"score": 2, "reason": "x"}).status_code
        == 403
    )
    data = {"kind": "meeting", "occurred_on": "2025-01-01", "title": "x"}
    assert client.post("/samarbejde/klynger/k/log/ny/", data).status_code == 403
    assert not FitRating.objects.exists()
    assert not Interaction.objects.exists()


def test_staff_log_entry_on_a_cluster(client_for_role, pair):
    data = {"kind": "decision", "occurred_on": "2025-01-01", "title": "Beslutning om temadag"}
    assert client_for_role("staff").post("/samarbejde/klynger/k/log/ny/", data).status_code == 302
    entry = Interaction.objects.get()
    assert (entry.cluster.slug, entry.created_by.username) == ("k", "user-staff")


def test_staff_cannot_edit_models_or_agreements(client_for_role, reference_data):
    client = client_for_role("staff")
    model = CollaborationModel.objects.first()
    assert client.post(f"/samarbejde/modeller/{model.slug}/rediger/", {"name": "X"}).status_code == 403
    assert client.post("/samarbejde/aftaler/ny/", {"title": "X"}).status_code == 403
    assert CollaborationModel.objects.get(pk=model.pk).name == model.name
    assert not Agreement.objects.exists()


def test_admin_creates_an_agreement_and_a_model(client_for_role, reference_data):
    client = client_for_role("admin")
    cluster = ClusterFactory(slug="k")
    response = client.post(
        "/samarbejde/aftaler/ny/",
        {"title": "Aftale", "status": "negotiation", "clusters": [cluster.pk], "budget_dkk": "250000"},
    )
    agreement = Agreement.objects.get()
    assert response.url == agreement.get_absolute_url()
    assert list(agreement.clusters.all()) == [cluster]
    response = client.post(
        "/samarbejde/modeller/ny/",
        {"name_da": "Ny model", "slug": "ny-model", "position": 6, "description_da": "Beskrivelse"},
    )
    assert response.status_code == 302
    assert CollaborationModel.objects.count() == 6


def test_agreement_with_end_before_start_is_refused(client_for_role):
    cluster = ClusterFactory(slug="k")
    response = client_for_role("admin").post(
        "/samarbejde/aftaler/ny/",
        {
            "title": "A",
            "status": "idea",
            "clusters": [cluster.pk],
            "start_date": "2025-01-01",
            "end_date": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "Slutdatoen ligger før startdatoen." in response.content.decode()
    assert not Agreement.objects.exists()


def test_board_reads_agreements_without_the_log(client_for_role):
    agreement = AgreementFactory(clusters=[ClusterFactory()])
    Interaction.objects.create(
        agreement=agreement, kind="meeting", occurred_on="2025-01-01", title="Hemmeligt møde"
    )
    board = client_for_role("board").get(agreement.get_absolute_url()).content.decode()
    staff = client_for_role("staff").get(agreement.get_absolute_url()).content.decode()
    assert "Hemmeligt møde" not in board
    assert "Hemmeligt møde" in staff
