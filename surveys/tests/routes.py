from portal.core.testing import LOGIN, Route, admin_only, everyone, staff_and_admin


def _answer_link(valid: bool = True) -> dict:
    """A live answer link of the demo survey, or a tampered one: anyone gets the form or the plain page."""
    from surveys.models import Response, Survey
    from surveys.services_links import link_get_or_create, link_token

    Survey.objects.filter(slug="klyngesurvey-2023").update(closes_on=None)  # the 2023 wave is still open here
    response = Response.objects.get(survey__slug="klyngesurvey-2023", cluster__slug="energy-cluster-denmark")
    token = link_token(link_get_or_create(response=response))
    return {"token": token if valid else token[:-3] + "xyz"}


SURVEY = {"slug": "klyngesurvey-2023"}
RESPONSE = {**SURVEY, "cluster": "energy-cluster-denmark"}

ROUTES = [
    Route("surveys:survey-list", everyone()),
    Route("surveys:survey-detail", everyone(), kwargs=lambda: SURVEY),
    Route("surveys:key-figures", everyone(), kwargs=lambda: SURVEY),
    # Cluster-level answers: staff and administrators; the board only if the survey allows it (it does not).
    Route(
        "surveys:response-detail",
        {"anonymous": LOGIN, "staff": 200, "board": 404, "admin": 200},
        kwargs=lambda: RESPONSE,
    ),
    Route("surveys:response-edit", admin_only(), kwargs=lambda: RESPONSE),
    Route("surveys:template", admin_only(), kwargs=lambda: SURVEY),
    Route("surveys:import", admin_only(), kwargs=lambda: SURVEY),
    Route("surveys:import", admin_only(), kwargs=lambda: SURVEY, method="post"),
    Route("surveys:import-surveyxact", admin_only(), kwargs=lambda: SURVEY),
    Route("surveys:import-surveyxact", admin_only(), kwargs=lambda: SURVEY, method="post"),
    Route("surveys:start-next", admin_only(), kwargs=lambda: SURVEY),
    # Answer links: administrators send, copy and revoke them and send reminders; the link itself is public.
    Route(
        "surveys:link-action",
        admin_only(302),
        kwargs=lambda: RESPONSE,
        method="post",
        data=lambda: {"action": "copy"},
    ),
    Route("surveys:remind", admin_only(302), kwargs=lambda: SURVEY, method="post"),
    Route(
        "surveys:answer", {"anonymous": 200, "staff": 200, "board": 200, "admin": 200}, kwargs=_answer_link
    ),
    Route(
        "surveys:answer",
        {"anonymous": 410, "staff": 410, "board": 410, "admin": 410},
        kwargs=lambda: _answer_link(valid=False),
    ),
    Route("surveys:publish", admin_only(), kwargs=lambda: SURVEY),
    Route(
        "surveys:publish",
        {"anonymous": LOGIN, "staff": 403, "board": 403, "admin": 302},
        kwargs=lambda: SURVEY,
        method="post",
    ),
    # Dashboards, meeting packs and the Excel summary (the board sees aggregates only).
    Route("surveys:dashboard-latest", everyone(302)),
    Route("surveys:dashboard", everyone(), kwargs=lambda: SURVEY),
    Route("surveys:dashboard", everyone(), kwargs=lambda: SURVEY, query="?presence=own_office&stage=ukendt"),
    Route("surveys:dashboard", everyone(), kwargs=lambda: SURVEY, query="?presence=nonsense"),
    Route("surveys:dashboard-drilldown", staff_and_admin(), kwargs=lambda: {**SURVEY, "key": "own_office"}),
    Route("surveys:meeting-pack", everyone(), kwargs=lambda: {**SURVEY, "audience": "bestyrelse"}),
    Route(
        "surveys:meeting-pack",
        {"anonymous": LOGIN, "staff": 200, "board": 403, "admin": 200},
        kwargs=lambda: {**SURVEY, "audience": "direktion"},
    ),
    Route("surveys:deck", everyone(), kwargs=lambda: {**SURVEY, "audience": "bestyrelse"}),
    Route(
        "surveys:deck",
        {"anonymous": LOGIN, "staff": 200, "board": 403, "admin": 200},
        kwargs=lambda: {**SURVEY, "audience": "direktion"},
    ),
    Route("surveys:export", everyone(), kwargs=lambda: SURVEY),
]
