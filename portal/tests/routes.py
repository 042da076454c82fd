from portal.core.testing import LOGIN, Route, everyone

ROUTES = [
    Route("home", everyone()),
    # Signed-in users who owe no code (the shared cast has given theirs) are sent on to where they were going.
    Route("two-factor", {"anonymous": LOGIN, "staff": 302, "board": 302, "admin": 302}),
    # Public: the accessibility statement must be reachable without signing in.
    Route("accessibility-statement", {"anonymous": 200, "staff": 200, "board": 200, "admin": 200}),
]
