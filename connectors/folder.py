"""A local folder of articles: .txt, .md, .html/.htm files and .json/.jsonl records, recursively."""

from __future__ import annotations

import hashlib
import json
import os
import stat as stat_mode
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
            relative = printable_name(path.relative_to(root).as_posix())
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
            found = path.stat()
        except OSError as exc:
            raise _unreadable(path, relative, exc) from exc
        # A FIFO would block the run forever and /dev/zero never ends (issue 7).
        if not stat_mode.S_ISREG(found.st_mode):
            raise FetchError(
                f"{path} is not a regular file (a pipe, device or socket); remove it from the "
                "folder or narrow `glob`",
                uri=relative,
            )
        return found

    def _read_capped(self, path: Path, relative: str, size: int) -> bytes:
        if size > self.max_bytes:
            raise self._too_large(path, relative, size)
        try:
            with path.open("rb") as file:
                # Read one byte past the cap: a file that grew since stat() is still capped.
                content = file.read(self.max_bytes + 1)
        except OSError as exc:
            raise _unreadable(path, relative, exc) from exc
        if len(content) > self.max_bytes:
            raise self._too_large(path, relative, len(content))
        return content

    def _too_large(self, path: Path, relative: str, size: int) -> ContentError:
        return ContentError(
            f"{path} is {size:,} bytes, over source '{self.name}' max_bytes = "
            f"{self.max_bytes:,}; raise max_bytes in newsmon.toml or split the file",
            uri=relative,
        )


def printable_name(name: str) -> str:
    """A file name as valid UTF-8: undecodable bytes shown as \\xNN (they cannot be stored)."""
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def valid_text(text: str) -> str:
    """`text` without lone surrogates (JSON allows "\\ud800"; UTF-8 and Arrow do not)."""
    return text.encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace")


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
        if b"\x00" in content[:1024]:  # binary: one error, not one per "line" (issue 7)
            problem = f"{relative} looks binary (NUL bytes); JSON Lines must be UTF-8 text"
            yield FetchFailure(source, relative, ContentError(problem, uri=relative))
            return
        yield from _jsonl_records(source, relative, content)
    else:
        yield RawDocument(source=source, uri=relative, content=content, media_type=media_type)


def _json_records(
    source: str, relative: str, content: bytes
) -> Iterator[RawDocument | FetchFailure]:
    try:
        data = json.loads(content)
    except _JSON_ERRORS as exc:
        error = ContentError(
            f"{relative} is not valid JSON ({_json_problem(exc)}); fix the file or rename it "
            "to .txt",
            uri=relative,
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
        except _JSON_ERRORS as exc:
            error = ContentError(
                f"{uri}: broken JSON line ({_json_problem(exc)}); fix or delete the line", uri=uri
            )
            yield FetchFailure(source, uri, error)
            continue
        yield _record_document(source, uri, record)


# ValueError covers JSONDecodeError and integers over Python's 4,300-digit limit; a document
# nested 100,000 levels deep raises RecursionError (issue 7).
_JSON_ERRORS = (ValueError, UnicodeDecodeError, RecursionError)


def _json_problem(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply to parse"
    return str(exc)[:200]


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
        hint: valid_text(record[key])
        for key, hint in _RECORD_HINTS.items()
        if isinstance(record.get(key), str) and record[key].strip()
    }
    hints["origin"] = "record"
    return RawDocument(
        source=source,
        uri=str(hints.get("url", uri)),
        content=valid_text(text).encode("utf-8"),
        media_type="text/html" if text is html else "text/plain",
        hints=hints,
    )
