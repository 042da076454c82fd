from portal.core.testing import Route, everyone

ROUTES = [
    Route("home", everyone()),
]
