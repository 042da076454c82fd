from portal.testing import Route, everyone

ROUTES = [
    Route("home", everyone()),
]
