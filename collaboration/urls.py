from __future__ import annotations

from django.urls import path

from collaboration import views, views_followup, views_interviews

app_name = "collaboration"

urlpatterns = [
    path("", views.model_list, name="model-list"),
    path("modeller/ny/", views.model_edit, name="model-create"),
    path("modeller/<slug:slug>/", views.model_detail, name="model-detail"),
    path("modeller/<slug:slug>/rediger/", views.model_edit, name="model-edit"),
    path("strategi/", views.strategy, name="strategy"),
    path("strategi/klynger/", views.strategy_support, name="strategy-support"),
    path("strategi/indsatser/ny/", views.effort_edit, name="effort-create"),
    path("strategi/indsatser/<slug:code>/rediger/", views.effort_edit, name="effort-edit"),
    path("match/", views.fit_matrix, name="fit-matrix"),
    path("match/<slug:slug>/vurder/", views.fit_rate, name="fit-rate"),
    path("aftaler/", views.agreement_list, name="agreement-list"),
    path("aftaler/ny/", views.agreement_edit, name="agreement-create"),
    path("aftaler/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("aftaler/<int:pk>/rediger/", views.agreement_edit, name="agreement-edit"),
    path("aftaler/<int:pk>/dokumenter/ny/", views.document_create, name="document-create"),
    path("aftaler/<int:pk>/maal/ny/", views.goal_create, name="goal-create"),
    path("aftaler/<int:pk>/log/ny/", views.agreement_interaction_create, name="agreement-interaction-create"),
    path("maal/<int:goal>/kpi/ny/", views.kpi_create, name="kpi-create"),
    path("kpi/<int:kpi>/maalinger/ny/", views.measurement_create, name="measurement-create"),
    path("klynger/<slug:slug>/log/ny/", views.cluster_interaction_create, name="cluster-interaction-create"),
    path("daekning/", views.coverage, name="coverage"),
    path("opfoelgning/", views_followup.followup_list, name="followup-list"),
    path("opfoelgning/mail/", views_followup.digest_subscription, name="digest-subscription"),
    path("aftaler/<int:pk>/opfoelgningsmoeder/ny/", views.meeting_create, name="meeting-create"),
    path("interviews/", views_interviews.interview_list, name="interview-list"),
    path("interviews/ny/", views_interviews.interview_edit, name="interview-create"),
    path("interviews/<int:pk>/", views_interviews.interview_detail, name="interview-detail"),
    path("interviews/<int:pk>/rediger/", views_interviews.interview_edit, name="interview-edit"),
    path("survey/<slug:slug>/aftaler/", views.survey_agreements, name="survey-agreements"),
]
