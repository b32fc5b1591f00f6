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
