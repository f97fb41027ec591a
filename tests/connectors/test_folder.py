"""The `folder` connector: file kinds, JSON records, caps, cursors and per-file failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.base import (
    ContentError,
    FetchError,
    FetchFailure,
    RawDocument,
    SourceError,
    SourceState,
)
from connectors.folder import FolderSource, documents_from_file


def fetch_all(
    source: FolderSource, state: SourceState | None = None
) -> list[RawDocument | FetchFailure]:
    return list(source.fetch(state or SourceState()))


def test_reads_every_supported_kind_recursively_and_skips_others(tmp_path: Path) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("text")
    (tmp_path / "deep" / "b.md").write_text("# md")
    (tmp_path / "deep" / "er" / "c.HTML").write_text("<p>x</p>")
    (tmp_path / "d.htm").write_text("<p>x</p>")
    (tmp_path / "e.png").write_bytes(b"\x89PNG")
    docs = fetch_all(FolderSource(name="f", path=tmp_path))
    assert {(d.uri, d.media_type) for d in docs if isinstance(d, RawDocument)} == {
        ("a.txt", "text/plain"),
        ("deep/b.md", "text/markdown"),
        ("deep/er/c.HTML", "text/html"),
        ("d.htm", "text/html"),
    }


def test_glob_narrows_the_files_read(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x")
    (tmp_path / "skip.md").write_text("x")
    docs = fetch_all(FolderSource(name="f", path=tmp_path, glob="*.txt"))
    assert [d.uri for d in docs] == ["keep.txt"]


def test_json_and_jsonl_records_become_documents_with_hints() -> None:
    records = [
        {
            "title": "T1",
            "body": "Body one.",
            "url": "https://example.org/1",
            "published": "2025-07-11",
        },
        {"title": "T2", "html": "<p>Body two.</p>"},
    ]
    docs = list(documents_from_file("f", "batch.json", json.dumps(records).encode()))
    assert isinstance(docs[0], RawDocument) and isinstance(docs[1], RawDocument)
    assert docs[0].uri == "https://example.org/1"
    assert docs[0].hints["published"] == "2025-07-11" and docs[0].media_type == "text/plain"
    assert docs[1].uri == "batch.json#1" and docs[1].media_type == "text/html"


def test_a_broken_jsonl_line_fails_alone() -> None:
    content = b'{"title": "ok", "body": "Fine."}\n{broken\n{"title": 3}\n'
    items = list(documents_from_file("f", "x.jsonl", content))
    assert isinstance(items[0], RawDocument)
    failures = [i for i in items if isinstance(i, FetchFailure)]
    assert [f.uri for f in failures] == ["x.jsonl#L2", "x.jsonl#L3"]
    assert "fix or delete the line" in str(failures[0].error)
    assert "no `body` or `html`" in str(failures[1].error)


def test_oversized_and_unreadable_files_are_failures_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 200)
    # A dangling link cannot be read, even by root (for whom chmod 0 stops nothing).
    (tmp_path / "locked.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "fine.txt").write_text("fine")
    items = fetch_all(FolderSource(name="f", path=tmp_path, max_bytes=100))
    by_uri = {i.uri: i for i in items}
    assert isinstance(by_uri["fine.txt"], RawDocument)
    big = by_uri["big.txt"]
    assert isinstance(big, FetchFailure) and isinstance(big.error, ContentError)
    assert "max_bytes" in str(big.error)
    locked = by_uri["locked.txt"]
    assert isinstance(locked, FetchFailure) and isinstance(locked.error, FetchError)
    assert "cannot read" in str(locked.error) and "gone.txt" not in locked.uri


def test_rerun_reads_only_new_or_changed_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "b.txt").write_text("two")
    source = FolderSource(name="f", path=tmp_path)
    state = SourceState()
    assert len(fetch_all(source, state)) == 2
    rerun = SourceState(cursor=json.loads(json.dumps(state.cursor)))
    assert fetch_all(source, rerun) == [] and rerun.unchanged == 2
    (tmp_path / "b.txt").write_text("two, edited")
    (tmp_path / "c.txt").write_text("three")
    changed = SourceState(cursor=rerun.cursor)
    assert sorted(d.uri for d in fetch_all(source, changed)) == ["b.txt", "c.txt"]
    assert changed.unchanged == 1


def test_missing_folder_is_a_source_error_naming_the_fix(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist; create it or fix `path`"):
        fetch_all(FolderSource(name="f", path=tmp_path / "nope"))
