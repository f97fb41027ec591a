"""A local folder of articles: .txt, .md, .html/.htm files and .json/.jsonl records, recursively."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from connectors.base import (
    ContentError,
    FetchError,
    FetchFailure,
    RawDocument,
    SourceError,
    SourceState,
)

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".json": "application/json",
    ".jsonl": "application/jsonl",
}
# Record keys a JSON file may use, and the hint each becomes.
_RECORD_HINTS = {
    "title": "title",
    "url": "url",
    "published": "published",
    "author": "author",
    "language": "language",
}


class FolderSource(BaseModel):
    """Options of a `folder` source; `path` is relative to newsmon.toml's folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    path: Path
    glob: str = "**/*"
    max_bytes: int = Field(default=20_000_000, gt=0)

    @field_validator("path")
    @classmethod
    def _relative_to_config(cls, path: Path, info: ValidationInfo) -> Path:
        """A relative path means relative to the config file, not to the current directory."""
        base = (info.context or {}).get("base_dir")
        return path if path.is_absolute() or base is None else Path(base) / path

    def fetch(self, state: SourceState) -> Iterator[RawDocument | FetchFailure]:
        """Yield new or changed files (one document per JSON record); remember what was read."""
        root = self.path
        if not root.is_dir():
            raise SourceError(
                f"source '{self.name}': folder {root} does not exist; create it or fix `path`"
            )
        seen: dict[str, Any] = dict(state.cursor.get("files", {}))
        for path in sorted(p for p in root.glob(self.glob) if p.suffix.lower() in MEDIA_TYPES):
            if path.is_dir():
                continue  # a dangling link is not skipped: reading it reports the problem
            relative = path.relative_to(root).as_posix()
            yield from self._read_if_changed(path, relative, seen, state)
        state.cursor["files"] = seen

    def _read_if_changed(
        self, path: Path, relative: str, seen: dict[str, Any], state: SourceState
    ) -> Iterator[RawDocument | FetchFailure]:
        try:
            stat = self._stat(path, relative)
            signature = [stat.st_mtime_ns, stat.st_size]
            if seen.get(relative, {}).get("stat") == signature:
                state.unchanged += 1
                return
            content = self._read_capped(path, relative, stat.st_size)
        except (FetchError, ContentError) as exc:
            yield FetchFailure(self.name, relative, exc)
            return
        digest = hashlib.sha256(content).hexdigest()
        if seen.get(relative, {}).get("sha256") == digest:
            seen[relative] = {"stat": signature, "sha256": digest}  # touched, not changed
            state.unchanged += 1
            return
        yield from documents_from_file(self.name, relative, content)
        seen[relative] = {"stat": signature, "sha256": digest}

    def _stat(self, path: Path, relative: str) -> os.stat_result:
        try:
            return path.stat()
        except OSError as exc:
            raise _unreadable(path, relative, exc) from exc

    def _read_capped(self, path: Path, relative: str, size: int) -> bytes:
        if size > self.max_bytes:
            raise ContentError(
                f"{path} is {size:,} bytes, over source '{self.name}' max_bytes = "
                f"{self.max_bytes:,}; raise max_bytes in newsmon.toml or split the file",
                uri=relative,
            )
        try:
            return path.read_bytes()
        except OSError as exc:
            raise _unreadable(path, relative, exc) from exc


def _unreadable(path: Path, relative: str, exc: OSError) -> FetchError:
    return FetchError(
        f"cannot read {path}: {exc.strerror or exc}; fix the file or its permissions "
        "(e.g. chmod a+r), or remove it from the folder, then rerun",
        uri=relative,
    )


def documents_from_file(
    source: str, relative: str, content: bytes
) -> Iterator[RawDocument | FetchFailure]:
    """Pure: one file's bytes to documents (a JSON file may hold many records)."""
    media_type = MEDIA_TYPES[Path(relative).suffix.lower()]
    if media_type == "application/json":
        yield from _json_records(source, relative, content)
    elif media_type == "application/jsonl":
        yield from _jsonl_records(source, relative, content)
    else:
        yield RawDocument(source=source, uri=relative, content=content, media_type=media_type)


def _json_records(
    source: str, relative: str, content: bytes
) -> Iterator[RawDocument | FetchFailure]:
    try:
        data = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        error = ContentError(
            f"{relative} is not valid JSON ({exc}); fix the file or rename it to .txt", uri=relative
        )
        yield FetchFailure(source, relative, error)
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        yield _record_document(source, f"{relative}#{index}", record)


def _jsonl_records(
    source: str, relative: str, content: bytes
) -> Iterator[RawDocument | FetchFailure]:
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        uri = f"{relative}#L{number}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            error = ContentError(
                f"{uri}: broken JSON line ({exc}); fix or delete the line", uri=uri
            )
            yield FetchFailure(source, uri, error)
            continue
        yield _record_document(source, uri, record)


def _record_document(source: str, uri: str, record: object) -> RawDocument | FetchFailure:
    """A record needs `body` or `html` (strings); title, url, published, author are hints."""
    if not isinstance(record, dict):
        problem = f"{uri}: a record must be a JSON object, got {type(record).__name__}"
        return FetchFailure(source, uri, ContentError(problem, uri=uri))
    html, body = record.get("html"), record.get("body")
    text = html if isinstance(html, str) and html.strip() else body
    if not isinstance(text, str) or not text.strip():
        problem = f"{uri}: record has no `body` or `html` text; add one of them as a string"
        return FetchFailure(source, uri, ContentError(problem, uri=uri))
    hints = {
        hint: record[key]
        for key, hint in _RECORD_HINTS.items()
        if isinstance(record.get(key), str) and record[key].strip()
    }
    hints["origin"] = "record"
    return RawDocument(
        source=source,
        uri=str(hints.get("url", uri)),
        content=text.encode("utf-8"),
        media_type="text/html" if text is html else "text/plain",
        hints=hints,
    )
