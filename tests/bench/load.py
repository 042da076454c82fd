"""Load: concurrent clients mixing reads with administrators saving survey answers through the real form.

Every save sends values that identify it (a unique member count and comment), so afterwards the database
can be checked against what was sent: each response must hold exactly the last save the server accepted
for it, and no answer may carry a value sent for another cluster. Used by tests/test_load.py (a few
seconds, in `make test`) and by `make bench` (60 seconds against gunicorn).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import asdict, dataclass, field

from tests.bench.client import Session, sign_in

VERSION = re.compile(rb'name="version" value="(\d+)"')


@dataclass
class Save:
    admin: str
    cluster: str
    members: int
    comment: str
    action: str
    outcome: str  # saved, conflict (refused by the optimistic lock), or the unexpected HTTP status


@dataclass
class LoadResult:
    seconds: float
    saves: list[Save] = field(default_factory=list)
    reads: int = 0
    failures: list[str] = field(default_factory=list)  # server errors and unexpected answers

    def as_dict(self) -> dict:
        outcomes: dict[str, int] = {}
        for save in self.saves:
            outcomes[save.outcome] = outcomes.get(save.outcome, 0) + 1
        return {
            "seconds": round(self.seconds, 1),
            "reads": self.reads,
            "saves": outcomes,
            "failures": self.failures[:20],
            "requests_per_s": round((self.reads + 2 * len(self.saves)) / self.seconds, 1),
        }

    def last_saved(self) -> dict[str, Save]:
        """Per cluster, the last save the server accepted (accepted saves of one response are serial:
        the optimistic lock makes a save wait for the form it was opened from)."""
        final: dict[str, Save] = {}
        for save in self.saves:
            if save.outcome == "saved":
                final[save.cluster] = save
        return final

    def to_json(self) -> dict:
        return {"seconds": self.seconds, "saves": [asdict(save) for save in self.saves]}


def _edit_path(survey: str, cluster: str) -> str:
    return f"/surveys/{survey}/klynger/{cluster}/rediger/"


def _administrator(
    port: int,
    username: str,
    password: str,
    number: int,
    clusters: list[str],
    survey: str,
    until: float,
    result: LoadResult,
    lock: threading.Lock,
) -> None:
    session = sign_in(port, username, password)
    sequence = 0
    while time.monotonic() < until:
        cluster = clusters[sequence % len(clusters)]
        sequence += 1
        status, page = session.get(_edit_path(survey, cluster))
        if status != 200 or not VERSION.search(page):
            with lock:
                result.failures.append(f"GET edit {cluster}: {status}")
            continue
        members = number * 1_000_000 + sequence
        save = Save(
            admin=username,
            cluster=cluster,
            members=members,
            comment=f"belastning {username} nr. {sequence} for {cluster}",
            action="complete" if sequence % 2 else "draft",
            outcome="",
        )
        fields = {
            "version": VERSION.search(page).group(1).decode(),
            "action": save.action,
            "dialog": "ja",
            # The questions a response needs before it can be completed (presence, members, agreements).
            "presence": "none",
            "members_nj": str(members),
            "agreements": "__none__",
            "comments": save.comment,
        }
        status, _, _ = session.post_form(_edit_path(survey, cluster), fields)
        save.outcome = {302: "saved", 409: "conflict"}.get(status, str(status))
        with lock:
            result.saves.append(save)
            if status not in (302, 409):
                result.failures.append(f"POST edit {cluster}: {status}")


def _reader(port: int, username: str, password: str, paths: list[str], until: float, result, lock) -> None:
    session: Session = sign_in(port, username, password)
    number = 0
    while time.monotonic() < until:
        path = paths[number % len(paths)]
        number += 1
        status, _ = session.get(path)
        with lock:
            result.reads += 1
            if status != 200:
                result.failures.append(f"GET {path}: {status}")


def run_load(
    port: int,
    *,
    survey: str,
    administrators: list[tuple[str, str]],
    readers: list[tuple[str, str]],
    clusters: list[str],
    read_paths: list[str],
    seconds: float,
) -> LoadResult:
    """Administrators each own a share of `clusters` and all share the last one (so the optimistic lock is
    exercised); readers cycle through `read_paths`."""
    result = LoadResult(seconds=seconds)
    lock = threading.Lock()
    until = time.monotonic() + seconds
    own, shared = clusters[:-1], clusters[-1]
    threads = [
        threading.Thread(
            target=_administrator,
            args=(
                port,
                username,
                password,
                number,
                [*own[number :: len(administrators)], shared],
                survey,
                until,
                result,
                lock,
            ),
        )
        for number, (username, password) in enumerate(administrators, start=1)
    ] + [
        threading.Thread(target=_reader, args=(port, username, password, read_paths, until, result, lock))
        for username, password in readers
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result


def load_check(saves: list[dict], survey: str) -> list[str]:
    """What the database holds against what was sent: one problem per response that differs."""
    from surveys.models import Answer, Response, ResponseStatus

    final: dict[str, dict] = {}
    sent_by_members: dict[int, str] = {}
    for save in saves:
        sent_by_members[save["members"]] = save["cluster"]
        if save["outcome"] == "saved":
            final[save["cluster"]] = save
    problems = []
    stored = {
        (answer.response.cluster.slug, answer.question.code): answer
        for answer in Answer.objects.filter(
            response__survey__slug=survey, question__code__in=["members_nj", "comments"]
        ).select_related("response__cluster", "question")
    }
    for member_answer in (a for (slug, code), a in stored.items() if code == "members_nj"):
        owner = sent_by_members.get(member_answer.value_int)
        if owner is not None and owner != member_answer.response.cluster.slug:
            problems.append(f"{member_answer.response.cluster.slug} holds a value sent for {owner}")
    statuses = dict(
        Response.objects.filter(survey__slug=survey, cluster__slug__in=list(final)).values_list(
            "cluster__slug", "status"
        )
    )
    for cluster, save in final.items():
        members = stored.get((cluster, "members_nj"))
        comment = stored.get((cluster, "comments"))
        want_status = ResponseStatus.COMPLETED if save["action"] == "complete" else ResponseStatus.PARTIAL
        got = (members and members.value_int, comment and comment.value_text, statuses.get(cluster))
        if got != (save["members"], save["comment"], want_status):
            problems.append(
                f"{cluster}: stored {got}, last saved {(save['members'], save['comment'], want_status)}"
            )
    return problems
