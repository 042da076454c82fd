from __future__ import annotations

from django.urls import path

from surveys import (
    views,
    views_dashboard,
    views_deck,
    views_links,
    views_publish,
    views_respondent,
    views_surveyxact,
)

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="survey-list"),
    path("svar/<str:token>/", views_respondent.respondent_answer, name="answer"),
    path("dashboard/", views_dashboard.dashboard_latest, name="dashboard-latest"),
    path("<slug:slug>/", views.survey_detail, name="survey-detail"),
    path("<slug:slug>/noegletal.json", views.key_figures, name="key-figures"),
    path("<slug:slug>/dashboard/", views_dashboard.dashboard, name="dashboard"),
    path(
        "<slug:slug>/dashboard/<slug:key>/", views_dashboard.dashboard_drilldown, name="dashboard-drilldown"
    ),
    path("<slug:slug>/moedepakke/<slug:audience>/", views_dashboard.meeting_pack, name="meeting-pack"),
    path("<slug:slug>/moedepakke/<slug:audience>/praesentation.pptx", views_deck.deck, name="deck"),
    path("<slug:slug>/opsummering.xlsx", views_dashboard.export, name="export"),
    path("<slug:slug>/skabelon.xlsx", views.survey_template, name="template"),
    path("<slug:slug>/import/", views.survey_import, name="import"),
    path("<slug:slug>/import/surveyxact/", views_surveyxact.surveyxact_import, name="import-surveyxact"),
    path("<slug:slug>/naeste/", views.survey_start_next, name="start-next"),
    path("<slug:slug>/paamind/", views_links.survey_remind, name="remind"),
    path("<slug:slug>/klynger/<slug:cluster>/link/", views_links.link_action, name="link-action"),
    path("<slug:slug>/offentliggoer/", views_publish.survey_publish_view, name="publish"),
    path("<slug:slug>/klynger/<slug:cluster>/", views.response_detail, name="response-detail"),
    path("<slug:slug>/klynger/<slug:cluster>/rediger/", views.response_edit, name="response-edit"),
]
