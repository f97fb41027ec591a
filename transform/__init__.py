"""Cleaning: one RawDocument in, one Article out (`clean`), whatever the document's format."""

from __future__ import annotations

from dataclasses import replace

from connectors.base import ContentError, RawDocument
from transform.article import Article, Paragraph, RemovedBlock
from transform.decode import binary_kind, decode_bytes
from transform.html import clean_html_document
from transform.memory import line_hash
from transform.metadata import metadata_from_hints
from transform.text import clean_text_document
from transform.version import CLEANER_VERSION

__all__ = ["CLEANER_VERSION", "Article", "Paragraph", "RemovedBlock", "block_line_hashes", "clean"]

# Lines longer than this are prose, never page furniture worth remembering per source.
_MEMORY_MAX_CHARS = 200


def block_line_hashes(article: Article) -> dict[str, str]:
    """`line_hash -> text` of an article's short blocks, kept or removed: memory candidates."""
    blocks = [p.text for p in article.paragraphs] + [r.text for r in article.removed]
    return {line_hash(text): text for text in blocks if len(text) <= _MEMORY_MAX_CHARS}


_HTML_TYPES = ("text/html", "application/xhtml+xml")


def clean(document: RawDocument, known_boilerplate: frozenset[str] = frozenset()) -> Article:
    """Decode, clean and describe one document; raises ContentError if it holds no text.

    `known_boilerplate`: `line_hash` values of lines the source repeats on most pages (the
    per-source memory in the warehouse's `boilerplate_lines`); text dumps drop them.
    """
    if (kind := binary_kind(document.content)) is not None:
        raise ContentError(
            f"{document.uri} looks binary ({kind}), not text or HTML; "
            "exclude it from the source (e.g. with a narrower glob)",
            uri=document.uri,
        )
    text, _encoding = decode_bytes(document.content, document.hints.get("charset"))
    if _is_html(document.media_type, text):
        article = clean_html_document(text, document.hints, url=document.uri)
    else:
        cleaned = clean_text_document(text, document.hints, known_boilerplate)
        article = _with_hint_metadata(cleaned, document)
    if not article.paragraphs and not article.title:
        raise ContentError(
            f"{document.uri} has no article text after cleaning; check that it is an article",
            uri=document.uri,
        )
    return article


def _is_html(media_type: str, text: str) -> bool:
    if media_type in _HTML_TYPES:
        return True
    head = text.lstrip()[:200].lower()
    return media_type == "application/octet-stream" and head.startswith(("<!doctype", "<html"))


def _with_hint_metadata(article: Article, document: RawDocument) -> Article:
    """Text has no metadata of its own: a record's or feed's hints supply it."""
    meta = metadata_from_hints(document.hints)
    return replace(
        article,
        url=meta.url,
        byline=meta.byline,
        published_at=meta.published_at,
        language=meta.language,
        # The cleaner knows best where its own title came from.
        provenance={**meta.provenance, **article.provenance},
    )
