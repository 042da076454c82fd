"""`make bench`: time the portal under gunicorn (production settings, DEBUG off) at three data tiers.

For each tier a fresh database gets the reference and demo data plus the synthetic data of `tests/bench/synthetic.py` at scale N;
gunicorn serves it on a loopback port; a small threaded client signs in and times each page at 1 and 4
concurrent clients next to the floor (/healthz, the same middleware). Query counts come from an in-process
run against the same database. Export and import are measured on a large tier. The report goes to
docs/benchmarks.json and docs/benchmarks.md.

Nothing here is a test: no timing is ever asserted, targets are reported as met or missed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.client import LOOPBACK, measure, sign_in
from tests.bench.load import run_load
from tests.bench.pages import BENCH_PASSWORD, BENCH_USER, FLOOR
from tests.bench.report import FILES_TIER, markdown_write, targets

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench-out"
PY = sys.executable
# Pages are timed up to ×100 (about 1,300 clusters: a national catalogue is that size). One response of 14
# questions per cluster gives ×100 16,000 answers, so export and import are measured on x770 (10,010 invited
# clusters, 122,500 answers: a 10,000-row import file, 100,000+ rows in `Svar`).
TIERS = {"realistic": 1, "x10": 10, "x100": 100, "x770": 770}
PAGE_TIERS = ("realistic", "x10", "x100")
IMPORT_ROWS = 10_000
CONCURRENCY = (1, 4)
WORKERS = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def production_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": f"{LOOPBACK},testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def inprocess(env: dict, task: str, *args: str) -> dict:
    result = subprocess.run(
        [PY, "-m", "tests.bench.inprocess", task, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"in-process {task} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def tier_database(name: str) -> Path:
    return OUT / f"{name}.sqlite3"


def tier_env(name: str) -> dict[str, str]:
    """The production settings on tier `name`'s database."""
    return production_env(f"sqlite:///{tier_database(name)}")


def prepare_tier(name: str, scale: int) -> dict[str, str]:
    tier_database(name).unlink(missing_ok=True)
    env = tier_env(name)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_data")
    started = time.perf_counter()
    manage(env, "shell", "-c", f"from tests.bench.synthetic import main; main(['--scale={scale}'])")
    print(f"  synthetic data ×{scale}: {time.perf_counter() - started:.1f} s", flush=True)
    manage(env, "create_user", BENCH_USER, "--role=admin", f"--password={BENCH_PASSWORD}")
    return env


@contextlib.contextmanager
def gunicorn(env: dict, workers: int = WORKERS):
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "portal.wsgi:application",
            f"--bind={LOOPBACK}:{port}",
            f"--workers={workers}",
            "--preload",
            "--log-level=warning",
            "--timeout=300",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for(port, server)
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited at start-up")
        with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), timeout=1):
            return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 60 s")


def time_pages(port: int, urls: dict[str, str], *, per_client: int, seconds: float) -> dict:
    session = sign_in(port, BENCH_USER, BENCH_PASSWORD)
    timings = {}
    for key, url in urls.items():
        # Every worker serves the page a few times first, so no timing includes a cold worker.
        measure(session, url, clients=WORKERS, per_client=3, seconds=seconds)
        timings[key] = {
            str(clients): measure(
                session, url, clients=clients, per_client=per_client, seconds=seconds
            ).as_dict()
            for clients in CONCURRENCY
        }
        one = timings[key]["1"]
        print(
            f"    {key:<14} p50 {one['p50_ms']:8.1f} ms  p95 {one['p95_ms']:8.1f} ms  {one['rps']:6.1f} req/s",
            flush=True,
        )
    return timings


def run_files(name: str, *, prepared: bool) -> dict:
    """Export and import on tier `name`; its database is reused when its pages were just timed (the import,
    which writes, runs last)."""
    scale = TIERS[name]
    print(f"== tier {name} (scale {scale}): Excel export and import", flush=True)
    env = tier_env(name) if prepared else prepare_tier(name, scale)
    # The import file is larger than the upload limit meant for real surveys; the benchmark is about speed.
    env = {
        **env,
        "SURVEY_IMPORT_MAX_BYTES": str(50 * 2**20),
        "SURVEY_IMPORT_MAX_UNCOMPRESSED_BYTES": str(500 * 2**20),
    }
    export = inprocess(env, "export")
    print(
        f"  export: {export['rows']} rows, {export['export_rows_per_s']} rows/s (bare {export['bare_rows_per_s']})",
        flush=True,
    )
    imported = inprocess(env, "import", str(IMPORT_ROWS))
    print(
        f"  import: {imported['rows']} rows, {imported['import_rows_per_s']} rows/s (bare read {imported['bare_read_rows_per_s']})",
        flush=True,
    )
    return {"scale": scale, "data": inprocess(env, "counts"), "export": export, "import": imported}


LOAD_USERS = {"load-admin-1": "admin", "load-admin-2": "admin", "load-staff": "staff", "load-board": "board"}


def run_load_phase(tier: str, seconds: float) -> dict:
    """4 clients against gunicorn for `seconds`: two administrators saving answers, a staff member and a
    board member reading; then the database is checked against every save the server accepted."""
    print(f"== load: 4 clients for {seconds:.0f} s on tier {tier}", flush=True)
    env = tier_env(tier)
    for username, role in LOAD_USERS.items():
        manage(env, "create_user", username, f"--role={role}", f"--password={BENCH_PASSWORD}")
    paths = inprocess(env, "load-paths")
    with gunicorn(env) as port:
        result = run_load(
            port,
            survey=paths["survey"],
            administrators=[(name, BENCH_PASSWORD) for name, role in LOAD_USERS.items() if role == "admin"],
            readers=[(name, BENCH_PASSWORD) for name, role in LOAD_USERS.items() if role != "admin"],
            clusters=paths["clusters"],
            read_paths=paths["read_paths"],
            seconds=seconds,
        )
    saves = OUT / "load-saves.json"
    saves.write_text(json.dumps(result.to_json()), encoding="utf-8")
    summary = {**result.as_dict(), "problems": inprocess(env, "load-check", str(saves))["problems"]}
    print(f"  {summary}", flush=True)
    return summary


def run_tier(name: str, scale: int, *, per_client: int, seconds: float) -> dict:
    print(f"== tier {name} (scale {scale})", flush=True)
    env = prepare_tier(name, scale)
    pages = inprocess(env, "queries")
    urls = {key: page["url"] for key, page in pages.items() if page.get("url") and page.get("status") == 200}
    with gunicorn(env) as port:
        timings = time_pages(port, urls, per_client=per_client, seconds=seconds)
    tier = {"scale": scale, "data": inprocess(env, "counts"), "pages": pages, "timings": timings}
    if name == "x100":  # the export's memory at a second size shows whether it stays flat
        tier["export"] = inprocess(env, "export")
    return tier


def ratios(report: dict) -> None:
    """Each page's p50/p95 as a multiple of the floor in the same tier, and of its own realistic figure."""
    realistic = report["tiers"].get("realistic")
    for tier in report["tiers"].values():
        for key, by_clients in tier["timings"].items():
            for clients, timing in by_clients.items():
                floor = tier["timings"][FLOOR][clients]
                timing["p50_vs_floor"] = round(timing["p50_ms"] / floor["p50_ms"], 1)
                timing["p95_vs_floor"] = round(timing["p95_ms"] / floor["p95_ms"], 1)
                base = realistic and realistic["timings"].get(key, {}).get(clients)
                if base:
                    timing["p50_vs_realistic"] = round(timing["p50_ms"] / base["p50_ms"], 2)
                    timing["p95_vs_realistic"] = round(timing["p95_ms"] / base["p95_ms"], 2)


def machine() -> dict:
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    postgres = subprocess.run(
        ["bash", "-c", "ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        ),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql_installed": postgres or None,
        "database_used": "SQLite (one file per tier)",
        "server": f"gunicorn, {WORKERS} sync workers, DEBUG off, loopback",
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tiers", default=",".join(PAGE_TIERS), help=f"tiers whose pages are timed, of {','.join(TIERS)}"
    )
    parser.add_argument(
        "--per-client", type=int, default=40, help="requests per client and page (upper bound)"
    )
    parser.add_argument("--seconds", type=float, default=6.0, help="time budget per client and page")
    parser.add_argument("--skip-files", action="store_true", help="skip the export/import tier")
    parser.add_argument("--load-seconds", type=float, default=60.0, help="length of the load test (0: none)")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    print("== collectstatic", flush=True)
    manage(tier_env("static"), "collectstatic", "--noinput")
    report = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "tiers": {},
    }
    for name in args.tiers.split(","):
        report["tiers"][name] = run_tier(name, TIERS[name], per_client=args.per_client, seconds=args.seconds)
    if args.load_seconds:
        report["load"] = run_load_phase(next(iter(report["tiers"])), args.load_seconds)
    if not args.skip_files:
        report["files"] = run_files(FILES_TIER, prepared=FILES_TIER in report["tiers"])
    ratios(report)
    report["targets"] = targets(report)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "benchmarks.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    markdown_write(out / "benchmarks.md", report)
    print(f"== wrote {out / 'benchmarks.json'} and {out / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
