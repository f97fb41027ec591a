"""The connector contract on one screen: RawDocument, SourceState, Connector and the errors.

A connector is any object with a ``name`` and a ``fetch(state)`` generator. It yields one
``RawDocument`` per document it found, or one ``FetchFailure`` for a document it could not
read (so one bad file never hides the others), and records its incremental cursor in
``state.cursor``; the flow saves that cursor only after the documents are loaded, so a crash
re-reads instead of losing. A whole source that cannot be read raises ``SourceError``.

A complete minimal connector::

    class HelloSource(BaseModel):
        \"\"\"Options of a `hello` source, validated when newsmon.toml is loaded.\"\"\"

        model_config = ConfigDict(extra="forbid")
        name: str
        greeting: str = "hello"

        def fetch(self, state: SourceState) -> Iterator[RawDocument | FetchFailure]:
            if state.cursor.get("done"):
                state.unchanged += 1
                return
            yield RawDocument(source=self.name, uri="hello://1",
                              content=self.greeting.encode(), media_type="text/plain")
            state.cursor["done"] = True

Register it in your package's pyproject::

    [project.entry-points."newsmon.connectors"]
    hello = "newsmon_hello:HelloSource"

The exception tree::

    NewsmonError
    ├── ConfigError          newsmon.toml or a source's options are wrong (fix the config)
    ├── SourceError          a whole source cannot be read (folder missing, feed host down)
    └── DocumentError        one document cannot be read or cleaned
        ├── FetchError       network or file read failed (with the uri)
        └── ContentError     bytes arrived but are not a usable document
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable


class NewsmonError(Exception):
    """Root of every error newsmon raises on purpose; the message says what to do."""


class ConfigError(NewsmonError):
    """The configuration is wrong; the message names the key and the fix."""


class SourceError(NewsmonError):
    """A whole source cannot be read; `uri` names the feed or sitemap that failed, if any."""

    def __init__(self, message: str, *, uri: str | None = None) -> None:
        super().__init__(message)
        self.uri = uri


class DocumentError(NewsmonError):
    """One document failed; carries the uri and the pipeline stage."""

    stage = "document"

    def __init__(self, message: str, *, uri: str) -> None:
        super().__init__(message)
        self.uri = uri


class FetchError(DocumentError):
    """Reading the document's bytes failed (file unreadable, HTTP error, timeout)."""

    stage = "fetch"


class ContentError(DocumentError):
    """The bytes are not a usable document (binary, empty, malformed record)."""

    stage = "parse"


def utc_now() -> datetime:
    """The current time in UTC, the only zone newsmon stores."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class RawDocument:
    """Bytes as received from a source, plus what the source already knows about them."""

    source: str
    uri: str
    content: bytes
    media_type: str = "text/plain"
    fetched_at: datetime = field(default_factory=utc_now)
    # Hints a source knows before cleaning: title, url, published, author, language, etag...
    hints: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FetchFailure:
    """A document the connector found but could not read; the flow records it and goes on."""

    source: str
    uri: str
    error: DocumentError


@dataclass
class SourceState:
    """A source's incremental cursor (JSON-serialisable) and what it skipped as unchanged."""

    cursor: dict[str, Any] = field(default_factory=dict)
    unchanged: int = 0


@runtime_checkable
class Connector(Protocol):
    """What the flow needs from a source: its name and a generator of documents."""

    name: str

    def fetch(self, state: SourceState) -> Iterator[RawDocument | FetchFailure]:
        """Yield new or changed documents; update ``state.cursor`` as they are read."""
        ...
