from __future__ import annotations

from django.urls import path

from clusters import views, views_background, views_footprint, views_landscape, views_personal_data

app_name = "clusters"

urlpatterns = [
    path("", views.cluster_list, name="cluster-list"),
    path("landskab/", views_landscape.landscape, name="landscape"),
    path("baggrund/", views_background.background, name="background"),
    path("nordjylland.json", views_footprint.footprint, name="footprint"),
    path("kommuner/", views.municipality_list, name="municipality-list"),
    path("kommuner/<int:code>/", views.municipality_detail, name="municipality-detail"),
    path("aktoerer/", views.actor_list, name="actor-list"),
    path("aktoerer/<slug:slug>/", views.actor_detail, name="actor-detail"),
    path("persondata/", views_personal_data.personal_data, name="personal-data"),
    path("<slug:slug>/", views.cluster_detail, name="cluster-detail"),
]
