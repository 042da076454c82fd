from portal.testing import LOGIN, Route, admin_only, everyone

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
]
