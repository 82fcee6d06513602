"""Nothing lost: crashes, concurrent writers and disk errors leave valid files and no lost edit."""

from __future__ import annotations

import contextlib
import os
import random
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nrgraph.editing import AddActor, AddSource, AuditLog, CitationInput
from nrgraph.editing.atomic import TEMP_SUFFIX
from nrgraph.errors import WriteFailed
from nrgraph.loading.files import load

from ..editing_support import Workspace, make_workspace, read_only

WRITER = Path(__file__).resolve().parents[1] / "editing_writer.py"
CITE = CitationInput("src-test", "p. 1")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def _iris_in_data(workspace: Workspace) -> set[str]:
    """Every subject IRI of the data, after a full load (parse, shapes, history rules)."""
    loaded = load(workspace.settings.source_paths)
    return {q.subject.value for q in loaded.quads if hasattr(q.subject, "value")}


def _acknowledged(output: str) -> list[str]:
    return [line.split(" ", 1)[1] for line in output.splitlines() if line.startswith("ACK ")]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_loses_no_acknowledged_edit(workspace: Workspace) -> None:
    rng = random.Random(20)
    acknowledged: list[str] = []
    for run in range(20):
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(workspace.root), f"k{run}", "1000"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), text=True,
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()  # wait until it edits, let it make 0 to 2 more, then kill it
        assert first.startswith("ACK "), writer.stderr.read() if writer.stderr else first
        for _ in range(rng.randint(0, 2)):
            first += writer.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.3))  # a random moment of the next edit (or the one after)
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate()
        assert writer.returncode == -signal.SIGKILL
        acknowledged += _acknowledged(first + rest)
        present = _iris_in_data(workspace)  # raises if any file does not parse or validate
        missing = [iri for iri in acknowledged if iri not in present]
        assert missing == [], f"run {run}: acknowledged edits lost"
    audited = {record.iri for record in AuditLog(workspace.audit)}
    assert set(acknowledged) <= audited


@pytest.mark.slow
def test_parallel_processes_and_threads_lose_no_edit(workspace: Workspace) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(workspace.root), f"p{n}", "8", "3"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), text=True,
        )
        for n in range(3)
    ]
    acknowledged = []
    for writer in writers:
        out, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err
        acknowledged += _acknowledged(out)
    assert len(acknowledged) == 24
    assert set(acknowledged) <= _iris_in_data(workspace)
    records = list(AuditLog(workspace.audit))
    assert sorted(r.iri for r in records) == sorted(acknowledged)
    assert not list(workspace.data.glob(f"*{TEMP_SUFFIX}"))


def test_threads_sharing_one_graph_are_serialised(workspace: Workspace) -> None:
    kg = workspace.graph()
    editor = workspace.editor(kg)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            editor.apply(AddActor(f"t-{n}", "state", f"T {n}", CITE), who=f"thread-{n}")
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = {f"https://w3id.org/nrgraph/id/t-{n}" for n in range(6)}
    assert expected <= _iris_in_data(workspace)
    assert kg.version == load(kg.paths).digest


@contextlib.contextmanager
def _file_size_limit(limit: int) -> Iterator[None]:
    """Make writes past ``limit`` bytes fail with EFBIG, as on a full disk (RLIMIT_FSIZE)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_full_disk_fails_the_edit_cleanly(workspace: Workspace) -> None:
    kg = workspace.graph()
    editor = workspace.editor(kg)
    before, version = workspace.snapshot(), kg.version
    with _file_size_limit(200), pytest.raises(WriteFailed, match=r"sources\.ttl.*nothing was changed"):
        editor.apply(AddSource("src-full", "Full", "Full disk", publisher="P"), who="a")
    assert workspace.snapshot() == before
    assert kg.version == version
    assert list(AuditLog(workspace.audit)) == []
    # and the next edit, with room on the disk, goes through
    editor.apply(AddSource("src-full", "Full", "Full disk", publisher="P"), who="a")
    assert [r.iri.rsplit("/", 1)[1] for r in AuditLog(workspace.audit)] == ["src-full"]


def test_an_audit_log_that_cannot_grow_puts_the_data_file_back(workspace: Workspace) -> None:
    kg = workspace.graph()
    editor = workspace.editor(kg)
    editor.apply(AddActor("padding", "state", "Padding", CITE), who="p" * 6000)  # a long audit line
    before, version = workspace.snapshot(), kg.version
    audit_size = (workspace.audit / "edits.jsonl").stat().st_size
    assert max(len(b) for b in before.values()) < audit_size  # the data file fits, the audit line does not
    with _file_size_limit(audit_size + 10), pytest.raises(WriteFailed, match="cannot append to the audit log"):
        editor.apply(AddSource("src-x", "X", "X record", publisher="P"), who="a")
    assert workspace.snapshot() == before
    assert kg.version == version
    assert [r.iri.rsplit("/", 1)[1] for r in AuditLog(workspace.audit)] == ["padding"]


def test_a_read_only_data_folder_fails_the_edit_cleanly(workspace: Workspace) -> None:
    kg = workspace.graph()
    editor = workspace.editor(kg)
    before, version = workspace.snapshot(), kg.version
    with read_only(workspace.data), pytest.raises(WriteFailed, match=r"cannot write .*actors.ttl"):
        editor.apply(AddActor("ro", "state", "RO", CITE), who="a")
    assert workspace.snapshot() == before
    assert kg.version == version
    assert list(AuditLog(workspace.audit)) == []
    editor.apply(AddActor("ro", "state", "RO", CITE), who="a")  # writable again: the same edit goes through
