"""What the surveys app adds to the clusters app's pages (clusters.hooks), registered in SurveysConfig.ready."""

from __future__ import annotations

from clusters.hooks import ProfileSection, profile_sections
from surveys.selectors import cluster_survey_answers


@profile_sections.register
def survey_answers_section(*, cluster, user) -> ProfileSection | None:
    answers = cluster_survey_answers(cluster=cluster, user=user)
    if not answers:
        return None
    return ProfileSection("surveys/_cluster_profile_answers.html", {"survey_answers": answers})
