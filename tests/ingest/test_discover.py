"""discover, find_sources and assign_ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import IngestError
from rashomon.ingest import assign_ids, discover, find_sources


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Some text.", "utf-8")


def test_discover_walks_folders_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.txt",
        "a.md",
        "sub/c.HTML",
        "sub/d.pdf",
        "sub/e.htm",
        "notes.docx",
        "data.csv",
        ".hidden.txt",
        ".git/x.txt",
        "sources.csv",
    )
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.md",
        "b.txt",
        "sub/c.HTML",
        "sub/d.pdf",
        "sub/e.htm",
    ]
    assert discover([tmp_path]) == found  # deterministic


def test_discover_mixes_files_and_folders_without_duplicates(tmp_path: Path) -> None:
    _touch(tmp_path, "x/a.txt", "x/b.txt")
    found = discover([tmp_path / "x" / "b.txt", tmp_path / "x"])
    assert [p.name for p in found] == ["a.txt", "b.txt"]


@pytest.mark.parametrize(("name", "message"), [("report.docx", "unsupported"), ("missing.txt", "not found")])
def test_discover_rejects_named_files_it_cannot_read(tmp_path: Path, name: str, message: str) -> None:
    if name != "missing.txt":
        _touch(tmp_path, name)
    with pytest.raises(IngestError) as info:
        discover([tmp_path / name])
    assert message in info.value.message
    assert info.value.path.endswith(name)


def test_discover_empty_folder(tmp_path: Path) -> None:
    assert discover([tmp_path]) == []


def test_find_sources_in_folders_and_beside_files(tmp_path: Path) -> None:
    _touch(tmp_path, "sources.csv", "deep/sources.csv", "other/a.txt", "other/sources.csv")
    assert find_sources([tmp_path]) == [
        tmp_path / "sources.csv",
        tmp_path / "deep" / "sources.csv",
        tmp_path / "other" / "sources.csv",
    ]
    assert find_sources([tmp_path / "other" / "a.txt"]) == [tmp_path / "other" / "sources.csv"]


def test_assign_ids_uses_stems_and_disambiguates_clashes(tmp_path: Path) -> None:
    paths = [tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt", tmp_path / "b" / "other story.md"]
    ids = assign_ids(paths)
    assert ids[paths[0]] == "a_report"
    assert ids[paths[1]] == "b_report"
    assert ids[paths[2]] == "other_story"
    assert assign_ids(list(reversed(paths))) == ids  # independent of order
    assert len(set(ids.values())) == 3


def test_assign_ids_keeps_stored_ids_and_avoids_them(tmp_path: Path) -> None:
    old = tmp_path / "old" / "x.txt"
    new = tmp_path / "new" / "x.txt"
    ids = assign_ids([old, new], taken={str(old): "x"})
    assert ids[old] == "x"
    assert ids[new] != "x"
    alone = assign_ids([new], taken={str(old): "x"})
    assert alone[new] != "x"


def test_seed_ids_are_the_file_stems(seeds: Path) -> None:
    ids = assign_ids(discover([seeds]))
    assert sorted(ids.values()) == sorted(p.stem for p in seeds.glob("*.txt"))


def test_issue9_links_outside_loops_pipes_and_devices_are_skipped(tmp_path: Path) -> None:
    """Issue 9: a link to a file outside the folder was ingested, a link loop ended the run, a link to
    /dev/zero exhausted memory and a FIFO named .txt hung the run."""
    import os

    from tests.helpers import hang_guard

    folder = tmp_path / "reports"
    _touch(folder, "a.txt")
    _touch(tmp_path, "secret.txt")
    (folder / "outside.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "loop1.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.txt")
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # the same document, found once
    with hang_guard(30):
        found = discover([folder])
    assert found == [(folder / "a.txt").resolve()]


def test_issue9_scan_says_why_each_file_was_skipped(tmp_path: Path) -> None:
    import os

    from rashomon.ingest import scan

    folder = tmp_path / "reports"
    _touch(folder, "a.txt")
    _touch(tmp_path, "secret.txt")
    (folder / "outside.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.txt")
    reasons = {Path(e.path).name: e.message for e in scan([folder]).skipped}
    assert "outside the folder" in reasons["outside.txt"]
    assert "loop" in reasons["loop.txt"]
    assert "character device" in reasons["zero.txt"]
    assert "named pipe" in reasons["pipe.txt"]


def test_issue9_an_unlistable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 9: a subfolder that cannot be listed was skipped silently."""
    import os

    from rashomon.plan import make_plan

    _touch(tmp_path, "a.txt", "locked/b.txt")
    real_scandir = os.scandir

    def scandir(path):  # patched rather than chmod: tests may run as root, who can list anything
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    from rashomon import store
    from rashomon.settings import load_settings

    conn = store.connect(tmp_path / "s.db")
    plan = make_plan([tmp_path], None, load_settings(), conn)
    assert [job.path.name for job in plan.jobs] == ["a.txt"]
    assert any(p.path.endswith("locked") and "unreadable folder" in p.message for p in plan.problems)


def test_issue9_a_folder_given_relative_and_absolute_is_one_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12 of issue 9: documents were identified by the path as typed."""
    _touch(tmp_path, "docs/a.txt")
    monkeypatch.chdir(tmp_path)
    assert (
        discover([Path("docs")]) == discover([tmp_path / "docs"]) == [(tmp_path / "docs" / "a.txt").resolve()]
    )
