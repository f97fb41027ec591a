"""HTML elements -> text blocks in document order, with their kind and link density."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.etree import _Element

from transform.article import ParagraphKind
from transform.dom import BLOCK_KINDS, INLINE_TAGS, linked_chars
from transform.normalize import normalize_line

_CAPTION_RE = re.compile(r"caption|credit|image-?desc|photo-?desc")  # on lower-cased classes


@dataclass
class DomBlock:
    """One block of text in document order, with what the DOM says about it."""

    text: str
    kind: ParagraphKind
    link_density: float
    tag: str
    inside: bool = True
    cell: bool = False  # inside a table cell: a table's links are its content


def iter_blocks(root: _Element, chosen: list[_Element]) -> list[DomBlock]:
    """All text under `root` as blocks in document order, inline markup flattened; blocks
    from inside the `chosen` elements are marked `inside`."""
    blocks: list[DomBlock] = []
    inline = _Inline()
    walk = _Walk(blocks, inline, set(chosen))
    walk.element(root, "paragraph", "div", root in walk.chosen, False)
    inline.flush("paragraph", "div", blocks, root in walk.chosen, False)
    return blocks


@dataclass
class _Inline:
    """Inline text gathered since the last block boundary, and how much of it is links."""

    parts: list[str] = field(default_factory=list)
    chars: int = 0
    linked: int = 0

    def add(self, text: str, linked: int) -> None:
        self.parts.append(text)
        self.chars += len(text)
        self.linked += linked

    def flush(
        self, kind: ParagraphKind, tag: str, out: list[DomBlock], inside: bool, cell: bool
    ) -> None:
        if not self.parts:
            return
        text = normalize_line(" ".join("".join(self.parts).split()))
        if text:
            density = self.linked / self.chars if self.chars else 0.0
            out.append(DomBlock(text, kind, density, tag, inside, cell))
        self.parts, self.chars, self.linked = [], 0, 0


@dataclass
class _Walk:
    """Depth-first walk: block tags flush the inline text gathered so far into a new block."""

    out: list[DomBlock]
    inline: _Inline
    chosen: set[_Element]

    def element(
        self, element: _Element, kind: ParagraphKind, tag: str, inside: bool, cell: bool
    ) -> None:
        """Walk one element's text and children."""
        if element.text:
            self.inline.add(element.text, 0)
        for child in element:
            child_tag = child.tag if isinstance(child.tag, str) else ""
            # A caption in a <span> is a block of its own: it is not part of the text around.
            if child_tag not in INLINE_TAGS or (child_tag == "span" and _is_caption(child, "")):
                self.inline.flush(kind, tag, self.out, inside, cell)
                child_inside = inside or child in self.chosen
                child_cell = cell or child_tag in ("td", "th")
                # The article's own container starts afresh: a page wrapped in <li> or
                # <figure> does not make the whole story a list or a caption.
                inherited = "paragraph" if child in self.chosen else kind
                child_kind = (
                    "caption"
                    if _is_caption(child, child_tag)
                    else BLOCK_KINDS.get(child_tag, inherited)
                )
                child_block = child_tag if child_tag in BLOCK_KINDS else tag
                self.element(child, child_kind, child_block, child_inside, child_cell)
                self.inline.flush(child_kind, child_tag, self.out, child_inside, child_cell)
            elif child_tag:
                text = "".join(child.itertext())
                self.inline.add(text, len(text) if child_tag == "a" else linked_chars(child))
            if child.tail:
                self.inline.add(child.tail, 0)


def _is_caption(element: _Element, tag: str) -> bool:
    """Text of a figure, or of a block its class calls a caption or a credit."""
    if tag in ("figure", "figcaption"):
        return True
    hints = element.get("class")
    return bool(hints) and _CAPTION_RE.search(hints.lower()) is not None
