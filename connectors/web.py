"""A fixed list of page URLs, for sites with neither a feed nor a sitemap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator, model_validator

from connectors.base import (
    DocumentError,
    FetchFailure,
    RawDocument,
    SourceError,
    SourceState,
)
from connectors.http import HttpOptions, PoliteClient


class WebSource(HttpOptions):
    """Options of a `web` source: `urls`, and/or `urls_file` (one URL a line, # comments)."""

    name: str
    urls: list[str] = Field(default_factory=list)
    urls_file: Path | None = None

    @field_validator("urls_file")
    @classmethod
    def _relative_to_config(cls, path: Path | None, info: ValidationInfo) -> Path | None:
        """A relative path means relative to the config file, like `folder`'s `path`."""
        base = (info.context or {}).get("base_dir")
        if path is None or path.is_absolute() or base is None:
            return path
        return Path(base) / path

    @model_validator(mode="after")
    def _has_urls(self) -> WebSource:
        """A web source with nothing to fetch is a config mistake."""
        if not self.urls and self.urls_file is None:
            raise ValueError("set `urls` (a list of page URLs) or `urls_file`")
        return self

    def fetch(self, state: SourceState) -> Iterator[RawDocument | FetchFailure]:
        """Yield each page that changed since the last run (conditional GET per URL)."""
        urls = self.all_urls()
        with PoliteClient(self, state.cursor) as client:
            for url in urls:
                try:
                    fetched = client.get(url, conditional=True)
                    if fetched.not_modified:
                        state.unchanged += 1
                        continue
                    document = fetched.document(self.name)
                except DocumentError as exc:
                    yield FetchFailure(self.name, url, exc)
                    continue
                yield document
            client.keep_validators(urls)

    def all_urls(self) -> list[str]:
        """`urls` then the file's URLs, duplicates dropped, order kept."""
        return list(dict.fromkeys([*self.urls, *self._file_urls()]))

    def _file_urls(self) -> list[str]:
        if self.urls_file is None:
            return []
        try:
            text = self.urls_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise SourceError(
                f"source '{self.name}': cannot read urls_file {self.urls_file} "
                f"({exc.strerror or exc}); create it or fix `urls_file`"
            ) from exc
        lines = (line.strip() for line in text.splitlines())
        return [line for line in lines if line and not line.startswith("#")]
