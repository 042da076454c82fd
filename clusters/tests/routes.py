from __future__ import annotations

from portal.core.testing import Route, admin_only, everyone

ROUTES = [
    Route("clusters:cluster-list", everyone()),
    Route("clusters:cluster-list", everyone(), query="?period=2021-2024&nj=ja&sort=-nj_members"),
    Route("clusters:cluster-detail", everyone(), kwargs=lambda: {"slug": "energy-cluster-denmark"}),
    Route("clusters:cluster-detail", everyone(), kwargs=lambda: {"slug": "marlog"}),
    Route("clusters:municipality-list", everyone()),
    Route("clusters:municipality-detail", everyone(), kwargs=lambda: {"code": 851}),
    Route("clusters:actor-list", everyone()),
    Route("clusters:actor-detail", everyone(), kwargs=lambda: {"slug": "brn"}),
    Route("clusters:landscape", everyone()),
    Route("clusters:footprint", everyone()),
    Route("clusters:landscape", everyone(), query="?period=2025-2028"),
    Route("clusters:background", everyone()),
    Route("clusters:personal-data", admin_only()),
]
