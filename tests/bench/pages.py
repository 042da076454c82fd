"""The pages the benchmark times, and the benchmark user (shared by the runner and the in-process probes)."""

from __future__ import annotations


def _synthetic_survey() -> dict:
    from tests.bench.synthetic import SURVEY_SLUG  # needs Django set up; the runner itself does not

    return {"slug": SURVEY_SLUG}


BENCH_USER = "bench-admin"
BENCH_PASSWORD = "bench-password-only-on-loopback-7"
FLOOR = "floor"

# key, label, URL name, kwargs (or a function giving them). The floor is the public health check: the whole middleware stack and one
# trivial query, so the ratios show what each page costs beyond serving any request at all.
PAGES = [
    (FLOOR, "Gulv (/healthz)", "healthz", {}),
    # The cheapest signed-in page (session, user, base template): what any page costs before its own work.
    ("home", "Forside (logget ind)", "home", {}),
    ("cluster_list", "Klyngeliste", "clusters:cluster-list", {}),
    ("profile", "Klyngeprofil", "clusters:cluster-detail", {"slug": "syntetisk-klynge-00001"}),
    ("dashboard", "Survey-dashboard", "surveys:dashboard", _synthetic_survey),
    ("fit_matrix", "Matchmatrix", "collaboration:fit-matrix", {}),
    ("coverage", "Dækning", "collaboration:coverage", {}),
]
