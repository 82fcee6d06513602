"""The stat stamp that tells a server worker its data changed on disk (editing.freshness)."""

from __future__ import annotations

import os
from pathlib import Path

from nrgraph.editing.freshness import Stamper, stamp


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
