"""What monitoring needs of an article, computed where it is cleaned: on the worker processes.

Entities, the story signature and the search terms are pure functions of the text and cost
more than cleaning itself; worked out beside cleaning they spread over every core, and the
process that holds the warehouse lock only writes rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from transform.entities import Entity, extract_entities
from transform.search import document_terms
from transform.shingles import band_keys, story_signature
from transform.tokens import words


@dataclass(frozen=True)
class ArticleFeatures:
    """An article's entities, story signature and search term counts."""

    entities: tuple[Entity, ...]
    signature: tuple[int, ...]
    terms: Counter[str]
    bands: tuple[int, ...] = ()  # band_keys(signature): the story table's LSH buckets


def monitored_text(title: str | None, body: str) -> str:
    """Headline and body as one text: what entities and topics are found in."""
    return f"{title}\n\n{body}" if title else body


def article_features(title: str | None, body: str) -> ArticleFeatures:
    """Everything monitoring derives from one article's text."""
    body_words = words(body)  # split once: the signature and the search terms both need them
    signature = story_signature(title, body, body_words)
    return ArticleFeatures(
        entities=tuple(extract_entities(monitored_text(title, body))),
        signature=tuple(signature),
        terms=document_terms(title, body, body_words),
        bands=tuple(band_keys(signature)),
    )
