"""`newsmon clean`: files and folders through the cleaner, no warehouse involved."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import transform
from connectors.base import ContentError, FetchFailure, NewsmonError
from connectors.folder import MEDIA_TYPES, documents_from_file
from transform.article import Article


def clean_paths(paths: Iterable[Path]) -> Iterator[tuple[str, Article | NewsmonError]]:
    """(name, article or the error that stopped it) for every supported file under `paths`."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in MEDIA_TYPES)
        else:
            files = [path]
        for file in files:
            yield from _clean_file(file)


def _clean_file(path: Path) -> Iterator[tuple[str, Article | NewsmonError]]:
    try:
        content = path.read_bytes()
    except OSError as exc:
        yield str(path), ContentError(f"cannot read: {exc.strerror or exc}", uri=str(path))
        return
    # Unknown endings are read as plain text: `clean` is for looking, not for ingesting.
    name = path.name if path.suffix.lower() in MEDIA_TYPES else f"{path.name}.txt"
    for item in documents_from_file("clean", name, content):
        label = str(path) if item.uri == name else f"{path}{item.uri[len(name) :]}"
        if isinstance(item, FetchFailure):
            yield label, item.error
            continue
        try:
            yield label, transform.clean(item)
        except NewsmonError as exc:
            yield label, exc
