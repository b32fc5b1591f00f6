"""read_sources: the user's sources.csv."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import ConfigError
from rashomon.ingest import read_sources, source_for


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.csv"
    path.write_text(text, "utf-8")
    return path


def test_rows_are_keyed_by_name_relative_path_and_path_beside_the_csv(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "file,title,outlet,kind,side,published,notes\n"
        "a.txt,First,Daily Paper,news,North,2023-12-14,x\n"
        "sub/b.md,,,,,2023-12,\n"
        "c.pdf,Third,,,,2023,\n",
    )
    rows = read_sources(path)
    first = rows["a.txt"]
    assert (first.title, first.outlet, first.side, first.published) == (
        "First",
        "Daily Paper",
        "north",
        "2023-12-14",
    )
    assert first.line == 2
    assert rows["sub/b.md"] is rows["b.md"]
    assert rows["sub/b.md"].title is None and rows["sub/b.md"].published == "2023-12"
    assert rows["c.pdf"].published == "2023"
    assert source_for(rows, tmp_path / "sub" / "b.md") is rows["sub/b.md"]
    assert source_for(rows, tmp_path / "elsewhere" / "a.txt") is first
    assert source_for(rows, tmp_path / "unknown.txt") is None


def test_shared_basenames_are_not_matched_by_name(tmp_path: Path) -> None:
    rows = read_sources(_csv(tmp_path, "file,title\nx/a.txt,One\ny/a.txt,Two\n"))
    assert "a.txt" not in rows
    assert source_for(rows, tmp_path / "y" / "a.txt").title == "Two"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("file,published\na.txt,14/12/2023\n", "line 2: bad published date '14/12/2023'"),
        ("file,published\na.txt,2023-02-30\n", "line 2: bad published date"),
        ("file,published\na.txt,2023-13\n", "bad published date"),
        ("title,published\nX,2023\n", "needs a 'file' column"),
        ("file,title\na.txt,One\na.txt,Two\n", "line 3: 'a.txt' is listed twice (also on line 2)"),
        ("file,title\n,Orphan title\n", "line 2: empty 'file' cell"),
        ("file,title\na.txt,One,extra\n", "line 2: more cells than columns"),
    ],
)
def test_bad_rows_name_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = _csv(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        read_sources(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_unreadable_sources_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        read_sources(tmp_path / "missing.csv")


def test_blank_rows_and_bom_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    path.write_bytes("\ufefffile,title\n\na.txt,One\n,\n".encode())
    assert read_sources(path)["a.txt"].title == "One"


def test_seed_sources(seeds: Path) -> None:
    rows = read_sources(seeds / "sources.csv")
    row = source_for(rows, next(seeds.glob("003_*.txt")))
    assert row is not None
    assert row.published == "2023-12-14"
    assert row.side == "azerbaijani"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("b.txt,Second,,,14/12/2023", "line 3: bad published date"),
        ("b.txt," + "x" * 140_000 + ",,,2023", "line 3"),
        ('b.txt,"Unclosed title,,,2023', "line 3: unclosed quote"),
    ],
    ids=["bad-date", "huge-field", "unclosed-quote"],
)
def test_issue9_one_bad_row_keeps_every_other_row(tmp_path: Path, bad: str, message: str) -> None:
    """Issue 9: one bad row dropped every row's metadata, a field over 131,072 characters aborted
    the run, and an unclosed quote folded the following rows into one title."""
    from rashomon.ingest import read_sources_checked

    path = _csv(
        tmp_path,
        f"file,title,outlet,side,published\na.txt,First,,north,2023-01-02\n{bad}\nc.txt,Third,,south,2023-03-04\n",
    )
    rows, errors = read_sources_checked(path)
    assert rows["a.txt"].title == "First" and rows["a.txt"].side == "north"
    assert rows["c.txt"].title == "Third" and rows["c.txt"].published == "2023-03-04"
    assert "b.txt" not in rows
    assert len(errors) == 1 and message in str(errors[0]) and str(path) in str(errors[0])
