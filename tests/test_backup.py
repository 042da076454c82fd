"""Backups restore to the same data: pg_dump/pg_restore on PostgreSQL, backup_dump/backup_restore anywhere.

The commands are the ones README's "Drift og sikkerhed" section documents.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid
from glob import glob
from pathlib import Path

import psycopg2
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from conftest import PASSWORD
from portal.core.permissions import Role
from portal.management.commands.backup_dump import EXCLUDED
from portal.services import user_create


def _load_everything() -> None:
    call_command("load_demo_data", stdout=io.StringIO())
    for role in Role:
        user_create(username=f"backup-{role.value}", role=role, password=PASSWORD)


def _model_counts() -> dict[str, int]:
    skipped = {label for label in EXCLUDED if "." in label}
    skipped_apps = {label for label in EXCLUDED if "." not in label}
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in skipped_apps
        and model._meta.label_lower not in skipped
        and model._meta.db_table in tables
    }


@pytest.mark.slow
def test_backup_dump_and_restore_round_trip_restores_every_row(transactional_db, tmp_path: Path):
    # transactional: flush (TRUNCATE on PostgreSQL) cannot run inside a transaction with pending FK checks
    _load_everything()
    before = _model_counts()
    assert before["clusters.cluster"] > 0 and before["auth.user"] > 0
    assert before["collaboration.historicalagreement_clusters"] > 0, "history of many-to-many fields too"
    backup = tmp_path / "backup.json.gz"
    call_command("backup_dump", str(backup), stdout=io.StringIO())

    call_command("flush", interactive=False, stdout=io.StringIO())  # as good as a freshly migrated database
    assert _model_counts()["clusters.cluster"] == 0
    call_command("backup_restore", str(backup), stdout=io.StringIO())

    assert _model_counts() == before


def _pg_binary(name: str) -> str:
    found = shutil.which(name) or (sorted(glob(f"/usr/lib/postgresql/*/bin/{name}")) or [None])[-1]
    if not found:
        pytest.skip(f"{name} is not installed")
    return found


def _table_counts(dsn: dict) -> dict[str, int]:
    with psycopg2.connect(**dsn) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


@pytest.mark.postgres
@pytest.mark.slow
def test_pg_dump_restores_into_a_fresh_database_with_the_same_rows(transactional_db, tmp_path: Path):
    _load_everything()
    params = connection.get_connection_params()
    dsn = {key: params[key] for key in ("host", "port", "user", "dbname") if params.get(key)}
    dsn["password"] = params.get("password", "")
    env = {"PGPASSWORD": dsn["password"]} if dsn["password"] else {}
    address = ["-h", str(dsn["host"]), "-p", str(dsn["port"]), "-U", dsn["user"]]
    backup = tmp_path / "klyngeportalen.dump"
    subprocess.run(
        [_pg_binary("pg_dump"), *address, "--format=custom", "--no-owner", f"--file={backup}", dsn["dbname"]],
        check=True,
        env={**env, "PATH": "/usr/bin:/bin"},
    )

    restored = f"restore_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(**dsn)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            [
                _pg_binary("pg_restore"),
                *address,
                "--no-owner",
                "--exit-on-error",
                f"--dbname={restored}",
                str(backup),
            ],
            check=True,
            env={**env, "PATH": "/usr/bin:/bin"},
        )
        original = _table_counts(dsn)
        copy = _table_counts({**dsn, "dbname": restored})
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        admin.close()

    assert original["clusters_cluster"] > 0 and original["auth_user"] > 0
    assert copy == original
