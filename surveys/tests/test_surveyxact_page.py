"""The SurveyXact upload page: mapping proposed or given, preview, confirmation, the mapping kept."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.key_figures import key_figures
from surveys.models import Answer
from surveys.schema import schema_load
from surveys.tests.contract import CONTRACT_2023
from surveys.tests.surveyxact_support import export_tables, mapping_2023, zip_bytes


def _upload(survey, **extra) -> dict:
    data = zip_bytes(export_tables(schema_load(survey.questionnaire)), "utf16-tab")
    return {"file": SimpleUploadedFile("eksport.zip", data, content_type="application/zip"), **extra}


def test_without_a_mapping_the_page_proposes_one_and_confirming_keeps_it(admin_client, survey):
    url = reverse("surveys:import-surveyxact", kwargs={"slug": survey.slug})
    page = admin_client.post(url, _upload(survey))
    content = page.content.decode()
    assert page.status_code == 200
    assert "forslag" in content and "Bekræft mapping og importér" in content
    assert "Energy Cluster Denmark" in content
    assert not Answer.objects.exists()
    token = page.context["confirm_form"]["token"].value()
    done = admin_client.post(url, {"token": token, "confirm": "1"})
    assert done.status_code == 302
    survey.refresh_from_db()
    assert survey.surveyxact_mapping["questions"]["presence"]["question"] == "s_2"
    assert key_figures(survey=survey)["completed"].value == 12


def test_a_given_mapping_is_previewed_and_can_be_corrected_without_uploading_again(admin_client, survey):
    url = reverse("surveys:import-surveyxact", kwargs={"slug": survey.slug})
    mapping = mapping_2023(schema_load(survey.questionnaire))
    broken = {
        **mapping,
        "questions": {**mapping["questions"], "nonsense": {"question": "s_1", "type": "yes_no"}},
    }
    page = admin_client.post(url, _upload(survey, mapping=json.dumps(broken)))
    assert "«nonsense» er ikke et spørgsmål" in page.content.decode()
    assert page.context["confirm_form"] is None
    token = page.context["form"]["token"].value()
    page = admin_client.post(url, {"token": token, "mapping": json.dumps(mapping)})
    assert page.context["result"].ok
    admin_client.post(url, {"token": page.context["confirm_form"]["token"].value(), "confirm": "1"})
    assert {key: figure.value for key, figure in key_figures(survey=survey).items()} == CONTRACT_2023


def test_mapping_that_is_not_json_is_a_form_error(admin_client, survey):
    url = reverse("surveys:import-surveyxact", kwargs={"slug": survey.slug})
    page = admin_client.post(url, _upload(survey, mapping="{not json"))
    assert "ikke gyldig JSON" in page.content.decode()


def test_confirmation_needs_the_uploaders_session(admin_client, client_for_role, survey):
    url = reverse("surveys:import-surveyxact", kwargs={"slug": survey.slug})
    page = admin_client.post(url, _upload(survey))
    token = page.context["confirm_form"]["token"].value()
    other = client_for_role("admin")
    response = other.post(url, {"token": token, "confirm": "1"})
    assert response.status_code == 302
    assert not Answer.objects.exists()


def test_the_mapping_may_be_uploaded_as_a_file(admin_client, survey):
    url = reverse("surveys:import-surveyxact", kwargs={"slug": survey.slug})
    mapping = mapping_2023(schema_load(survey.questionnaire))
    upload = SimpleUploadedFile("mapping.json", json.dumps(mapping).encode(), content_type="application/json")
    page = admin_client.post(url, _upload(survey, mapping_file=upload))
    assert page.context["result"].ok and not page.context["proposed"]
    admin_client.post(url, {"token": page.context["confirm_form"]["token"].value(), "confirm": "1"})
    survey.refresh_from_db()
    assert survey.surveyxact_mapping == mapping
