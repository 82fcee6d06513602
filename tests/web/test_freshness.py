"""What tells a server worker its data changed on disk (editing.freshness): the kernel's
notices (inotify) and the stat stamp they trigger."""

from __future__ import annotations

import os
import sys
from contextlib import closing
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from nrgraph.web.app import create_app
from nrgraph.web.freshness import Stamper, Watcher, stamp

from ..editing_support import make_workspace


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.ttl").write_text("# a\n", encoding="utf-8")
    (folder / "b.ttl").write_text("# b\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not data\n", encoding="utf-8")
    return folder


def _age(path: Path) -> None:
    """Set ``path``'s mtime to 2001-09-09, so that a listing of it is trusted."""
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))


def test_an_edit_in_place_changes_the_stamp_without_a_new_listing(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _age(folder)
    stamper = Stamper((folder,))
    before = stamper()
    assert stamper() == before
    with (folder / "a.ttl").open("a", encoding="utf-8") as file:  # same inode, folder untouched
        file.write("# more\n")
    _age(folder)
    assert stamper() != before


def test_a_file_added_or_removed_changes_the_stamp(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _age(folder)
    stamper = Stamper((folder,))
    before = stamper()
    (folder / "c.ttl").write_text("# c\n", encoding="utf-8")
    added = stamper()
    assert added != before
    (folder / "c.ttl").unlink()
    assert stamper() not in (before, added)


def test_a_file_added_as_the_folder_was_listed_is_seen(tmp_path: Path) -> None:
    folder = _folder(tmp_path)  # just written: its mtime is too recent to trust a listing
    stamper = Stamper((folder,))
    before = stamper()
    mtime = folder.stat().st_mtime_ns
    (folder / "c.ttl").write_text("# c\n", encoding="utf-8")
    os.utime(folder, ns=(mtime, mtime))  # as if in the same tick of the file system's clock
    assert stamper() != before


def test_only_ttl_files_count_and_the_stamp_matches_a_fresh_one(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _age(folder)
    stamper = Stamper((folder, tmp_path / "missing"))
    before = stamper()
    (folder / "notes.txt").write_text("changed, and longer than before\n", encoding="utf-8")
    _age(folder)
    assert stamper() == before == stamp((folder, tmp_path / "missing"))


def _watcher(paths: tuple[Path, ...]) -> Watcher:
    watcher = Watcher(paths, interval=3600)  # no periodic check within a test
    if not watcher.notified:
        pytest.skip("inotify is not available here")
    return watcher


def test_the_watcher_is_quiet_until_a_file_changes_in_place(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with closing(_watcher((folder,))) as watcher:
        assert not watcher()
        with (folder / "a.ttl").open("a", encoding="utf-8") as file:  # same inode: only the kernel tells
            file.write("# more\n")
        assert watcher()
        assert not watcher()  # told once per change
        (folder / "c.ttl").write_text("# c\n", encoding="utf-8")
        assert watcher()
    assert watcher()  # closed: every call says the files may have changed


def test_the_watcher_follows_a_folder_replaced_by_a_rename(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with closing(_watcher((folder,))) as watcher:
        replacement = tmp_path / "new"
        replacement.mkdir()
        (replacement / "a.ttl").write_text("# new a\n", encoding="utf-8")
        assert watcher()  # written next to the folder: its parent is watched
        folder.rename(tmp_path / "old")
        replacement.rename(folder)
        assert watcher()
        assert not watcher()
        (folder / "a.ttl").write_text("# edited in the new folder\n", encoding="utf-8")
        assert watcher()


def test_a_loaded_file_is_watched_through_its_folder(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with closing(_watcher((folder / "a.ttl",))) as watcher:
        assert not watcher()
        (folder / "a.ttl").write_text("# rewritten\n", encoding="utf-8")
        assert watcher()


def test_without_notices_the_watcher_asks_for_a_stat_at_each_interval(tmp_path: Path) -> None:
    with closing(Watcher((_folder(tmp_path),), interval=0)) as watcher:
        assert watcher()
        assert watcher()


def test_a_hand_edit_in_place_is_served_by_the_next_request(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    query = {"query": '{ resource(ref: "russia") { ... on Actor { label } } }'}
    actors = workspace.data / "actors.ttl"
    with TestClient(create_app(workspace.settings, kg=workspace.graph())) as client:
        assert client.post("/graphql", json=query).json()["data"]["resource"] == {"label": "Russia"}
        inode = actors.stat().st_ino
        with actors.open("r+", encoding="utf-8") as file:  # in place, as an editor without atomic saves
            text = file.read().replace('"Russia"@en', '"Rossiya"@en')
            file.seek(0)
            file.write(text)
            file.truncate()
        assert actors.stat().st_ino == inode
        assert client.post("/graphql", json=query).json()["data"]["resource"] == {"label": "Rossiya"}


def test_the_app_stops_watching_when_it_shuts_down(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("counts the process's file descriptors in /proc")
    workspace = make_workspace(tmp_path)

    def descriptors() -> int:
        return len(os.listdir("/proc/self/fd"))

    kg = workspace.graph()
    before = descriptors()
    with TestClient(create_app(workspace.settings, kg=kg)) as client:
        assert client.post("/graphql", json={"query": "{ __typename }"}).status_code == 200
        assert descriptors() > before  # the inotify queue, at least
    assert descriptors() == before
