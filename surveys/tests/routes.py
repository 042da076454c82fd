from portal.core.testing import LOGIN, Route, admin_only, everyone, staff_and_admin

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
    Route("surveys:start-next", admin_only(), kwargs=lambda: SURVEY),
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
    Route("surveys:export", everyone(), kwargs=lambda: SURVEY),
]
