from portal.core.testing import Route, everyone

ROUTES = [
    Route("home", everyone()),
    # Public: the accessibility statement must be reachable without signing in.
    Route("accessibility-statement", {"anonymous": 200, "staff": 200, "board": 200, "admin": 200}),
]
