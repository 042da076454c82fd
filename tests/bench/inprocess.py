"""Measurements that run inside Django against one tier's database: `python -m tests.bench.inprocess queries`.

Prints JSON on stdout. Runs in its own process so each tier's DATABASE_URL and memory are separate.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

import django


def queries() -> dict:
    """Per page for the benchmark user: SQL queries and in-process time with the page's cached body and
    without it (the first view after any write), and each page's URL for the HTTP runner.

    The timings take the pages in turn, a round at a time, so a slow spell of this shared machine falls on
    every page alike rather than on whichever page it happened to be timing. They run in three blocks of
    rounds; each page's figure is its median in its fastest block, and the report shows all three.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from tests.bench.pages import PAGES

    client = _signed_in_client()
    result, urls = {}, {}
    for key, _label, name, kwargs in PAGES:
        try:
            url = reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs)
        except NoReverseMatch:
            result[key] = {"url": None}
            continue
        client.get(url)  # warm caches that are per process, as a running server has them
        cache.clear()
        with CaptureQueriesContext(connection) as uncached:
            response = client.get(url)
        with CaptureQueriesContext(connection) as cached:
            client.get(url)
        urls[key] = url
        result[key] = {
            "url": url,
            "status": response.status_code,
            "queries": len(uncached),
            "queries_cached": len(cached),
            "bytes": len(response.content),
        }
    uncached_ms = _block_p50s_ms_in_turn(
        {key: lambda url=url: (cache.clear(), client.get(url)) for key, url in urls.items()}
    )
    cached_ms = _block_p50s_ms_in_turn({key: lambda url=url: client.get(url) for key, url in urls.items()})
    for key in urls:
        result[key] |= {
            "uncached_p50_ms": min(uncached_ms[key]),
            "uncached_block_p50s_ms": uncached_ms[key],
            "cached_p50_ms": min(cached_ms[key]),
            "cached_block_p50s_ms": cached_ms[key],
        }
    _forget_second_factor()
    return result


def _forget_second_factor() -> None:
    """The in-process client's sign-in made the benchmark user a device; remove it, so the HTTP runner that
    follows enrols through the two-factor page as a person would (it cannot know this device's key)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.bench.pages import BENCH_USER

    TOTPDevice.objects.filter(user__username=BENCH_USER).delete()


def _block_p50s_ms_in_turn(actions: dict, blocks: int = 3, rounds: int = 21) -> dict[str, list[float]]:
    """Each action's median time in ms in each of `blocks` blocks of `rounds` rounds, every round running
    each action once.

    Another tenant of this virtual machine can slow every process on it by half for minutes at a time (the
    same page has measured from 42 to 86 ms on the same code), so the fastest block's median is what the page
    itself costs; the slower blocks show how much the machine varied during the run.
    """
    medians = defaultdict(list)
    for _ in range(blocks):
        timings = defaultdict(list)
        for _ in range(rounds):
            for key, action in actions.items():
                timings[key].append(_seconds(action))
        for key, times in timings.items():
            medians[key].append(round(sorted(times)[rounds // 2] * 1000, 2))
    return dict(medians)


def counts() -> dict:
    """How much data the tier holds."""
    from clusters.models import Activity, Cluster
    from collaboration.models import Agreement, FitRating
    from surveys.models import Answer, AnswerChoice, Response
    from tests.bench.synthetic import SURVEY_SLUG, synthetic_clusters

    return {
        "clusters": Cluster.objects.count(),
        "synthetic_clusters": synthetic_clusters().count(),
        "activities": Activity.objects.count(),
        "survey_responses": Response.objects.filter(survey__slug=SURVEY_SLUG).count(),
        "survey_answers": Answer.objects.filter(response__survey__slug=SURVEY_SLUG).count(),
        "survey_choices": AnswerChoice.objects.filter(answer__response__survey__slug=SURVEY_SLUG).count(),
        "fit_ratings": FitRating.objects.count(),
        "agreements": Agreement.objects.count(),
    }


def _signed_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from portal.core.testing import sign_in
    from tests.bench.pages import BENCH_USER

    client = Client()
    sign_in(client, get_user_model().objects.get(username=BENCH_USER))
    return client


def _bare_write(sheets: dict[str, list[tuple]], target) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    workbook.save(target)


def _seconds(action) -> float:
    """How long one run of `action` takes, in seconds."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _fastest_seconds(action, runs: int = 3) -> float:
    """The fastest of `runs` runs of `action`, in seconds: a slow spell of the machine (see
    `_block_p50s_ms_in_turn`) lengthens a run, it never shortens one."""
    return min(_seconds(action) for _ in range(runs))


def _peak(action) -> int:
    """Peak Python memory allocated while `action` runs, in bytes."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def export() -> dict:
    """The survey Excel summary (surveys:export, all sheets) against a bare openpyxl write-only loop
    writing the very same rows, in the same process."""
    from django.urls import reverse
    from openpyxl import load_workbook

    from tests.bench.synthetic import SURVEY_SLUG

    client = _signed_in_client()
    url = reverse("surveys:export", kwargs={"slug": SURVEY_SLUG})

    def response():
        answer = client.get(url)
        assert answer.status_code == 200, answer.status_code
        return answer

    def download() -> bytes:
        return b"".join(response().streaming_content)

    def stream() -> int:
        # As a server sends it: chunk by chunk, none kept, so the peak is the portal's and not the file's.
        return sum(len(chunk) for chunk in response().streaming_content)

    data = download()
    export_seconds = _fastest_seconds(download)
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
    rows = sum(len(sheet_rows) for sheet_rows in sheets.values())

    def bare_write() -> None:
        with tempfile.TemporaryFile() as target:
            _bare_write(sheets, target)

    bare_seconds = _fastest_seconds(bare_write)
    with tempfile.TemporaryFile() as target:
        bare_peak = _peak(lambda: _bare_write(sheets, target))
    return {
        "rows": rows,
        "answer_rows": len(sheets.get("Svar", [])),
        "bytes": len(data),
        "export_seconds": round(export_seconds, 2),
        "export_rows_per_s": round(rows / export_seconds),
        "bare_seconds": round(bare_seconds, 2),
        "bare_rows_per_s": round(rows / bare_seconds),
        "rate_vs_bare": round(bare_seconds / export_seconds, 2),
        "export_peak_mib": round(_peak(stream) / 2**20, 1),
        "bare_peak_mib": round(bare_peak / 2**20, 1),
    }


def _import_file(survey, count: int, path: Path) -> int:
    """Write the first `count` synthetic responses as the survey's pre-filled template writes their rows
    (`surveys.excel_template.cell_value`), under a row of column codes; returns the answers written."""
    from openpyxl import Workbook

    from surveys.excel_template import ANSWER_SHEET, cell_value, columns
    from surveys.schema import schema_load
    from surveys.services import responses_answers

    schema = schema_load(survey.questionnaire)
    responses = list(survey.responses.select_related("cluster").order_by("cluster__slug")[:count])
    answers = responses_answers(schema=schema, responses=responses)
    layout = columns(schema)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ANSWER_SHEET)
    sheet.append([column.code for column in layout])
    for response in responses:
        given = answers[response.pk]
        sheet.append(
            [
                response.cluster.slug,
                response.cluster.name,
                *(cell_value(column, response.status, given) for column in layout[2:]),
            ]
        )
    workbook.save(path)
    return sum(len(given) for given in answers.values())


def import_(rows: str = "10000") -> dict:
    """survey_import of a `rows`-row file into a fresh survey, against a bare openpyxl read-only pass."""
    from openpyxl import load_workbook

    from surveys.models import Answer, Survey
    from surveys.services_import import survey_import
    from surveys.services_waves import survey_invite
    from tests.bench.synthetic import SURVEY_SLUG

    source = Survey.objects.select_related("questionnaire").get(slug=SURVEY_SLUG)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "import.xlsx"
        answer_count = _import_file(source, int(rows), path)
        target = Survey.objects.create(
            title="Syntetisk importmål (benchmark)",
            slug=f"{SURVEY_SLUG}-import",
            year=source.year,
            period=source.period,
            questionnaire=source.questionnaire,
            is_demo=True,
        )
        clusters = [
            response.cluster
            for response in source.responses.select_related("cluster").order_by("cluster__slug")[: int(rows)]
        ]
        survey_invite(survey=target, clusters=clusters)
        started = time.perf_counter()
        result = survey_import(survey=target, file=path)
        import_seconds = time.perf_counter() - started
        started = time.perf_counter()
        workbook = load_workbook(path, read_only=True, data_only=True)
        read_rows = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True)) - 1
        workbook.close()
        bare_seconds = time.perf_counter() - started
        size = path.stat().st_size
    return {
        "rows": int(rows),
        "file_bytes": size,
        "ok": result.ok,
        "errors": [str(error) for error in result.errors[:5]],
        "answers_in_file": answer_count,
        "answers_written": Answer.objects.filter(response__survey=target).count(),
        "import_seconds": round(import_seconds, 2),
        "import_rows_per_s": round(int(rows) / import_seconds),
        "bare_read_rows": read_rows,
        "bare_read_seconds": round(bare_seconds, 2),
        "bare_read_rows_per_s": round(read_rows / bare_seconds),
        "rate_vs_bare": round(bare_seconds / import_seconds, 2),
    }


def load_paths() -> dict:
    """What the load test reads and writes: the synthetic survey, its clusters, pages every role may read."""
    from django.urls import reverse

    from surveys.models import Survey
    from tests.bench.synthetic import SURVEY_SLUG

    clusters = sorted(Survey.objects.get(slug=SURVEY_SLUG).invited.values_list("slug", flat=True))
    return {
        "survey": SURVEY_SLUG,
        "clusters": clusters,
        "read_paths": [
            reverse("surveys:dashboard", kwargs={"slug": SURVEY_SLUG}),
            reverse("clusters:cluster-list"),
            reverse("surveys:key-figures", kwargs={"slug": SURVEY_SLUG}),
            reverse("clusters:cluster-detail", kwargs={"slug": clusters[0]}),
        ],
    }


def load_check_file(path: str) -> dict:
    from tests.bench.load import load_check
    from tests.bench.synthetic import SURVEY_SLUG

    saves = json.loads(Path(path).read_text(encoding="utf-8"))["saves"]
    return {"problems": load_check(saves, SURVEY_SLUG)}


TASKS = {
    "queries": queries,
    "counts": counts,
    "export": export,
    "import": import_,
    "load-paths": load_paths,
    "load-check": load_check_file,
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    print(json.dumps(TASKS[sys.argv[1]](*sys.argv[2:])))


if __name__ == "__main__":
    main()
