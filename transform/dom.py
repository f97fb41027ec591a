"""The DOM side of HTML cleaning: prune page chrome, find the article's container, list blocks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from lxml import etree
from lxml.etree import _Element

from transform.article import ParagraphKind
from transform.normalize import normalize_line

_JUNK_TAG_NAMES = """
    script style noscript template svg iframe button input select textarea object embed
    canvas map dialog
"""
_BLOCK_TAG_NAMES = """
    div section article main header td th tr table ul ol dl figure form br hr address
    details summary fieldset body html center
"""
_INLINE_TAG_NAMES = """
    a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd label mark
    nobr q s samp small span strike strong sub sup time tt u var wbr
"""
_JUNK_TAGS = frozenset(_JUNK_TAG_NAMES.split())
# Elements that are page chrome by their tag, with the reason their text is dropped.
_CHROME_TAGS = {"nav": "navigation", "footer": "footer", "aside": "related", "menu": "navigation"}
# Class and id words of chrome (after readability.js), each with a reason code.
_CHROME_HINTS = (
    ("comments", r"comment|disqus|replies|respond|discuss"),
    # `document-tools`, `post-tools-wrapper`, `tool-bar`: a story's share and print buttons.
    ("share", r"share|sharing|social|sociable|addthis|print-?button|sharedaddy|likes?-|\btools?\b"),
    ("related", r"related|recommend|more-?stories|read-?more|popular|trending|outbrain|taboola"
     r"|sidebar|widget|skyscraper|supplemental|promo"),
    ("navigation", r"breadcrumb|menu|navbar|masthead|pagination|pager|toolbar|skip-?link|"
     r"header|extra|community|remark|rss|popup|agegate|legends|yom-remote|cover-wrap|"
     # Links to the story before and after this one (`next-prev`, `nav-previous`, `prevlink`).
     r"next-?prev|prev-?next|post-?nav|nav-?links|nav-?previous|nav-?next|"
     r"(?:previous|prev|next)-?(?:post|article|story|link)"),
    ("footer", r"footer|copyright"),
    ("subscribe", r"newsletter|subscribe|signup|paywall|registration"),
    ("cookie", r"cookie|gdpr|consent"),
    ("advertisement", r"\bads?\b|-ad-|advert|sponsor|banner|dfp"),
)  # fmt: skip
# Class and id values are lower-cased once and matched case-sensitively: IGNORECASE made
# these scans three times slower, and they run on every class token of every page.
_CHROME_RE = re.compile("|".join(f"(?P<{r}>{p})" for r, p in _CHROME_HINTS))
_COMMENTS_RE = re.compile(
    r"(?:^|[\s_-])(?:comments?|commentlist|comment-?list|replies|respond|disqus\w*)(?:[\s_-]|$)|"
    r"comments?[-_]?(?:section|area|box|text|body|content|thread|wrap\w*|container|form|post)"
)
# Containers that say they hold the article; they keep a chrome-sounding class from pruning.
_CONTENT_RE = re.compile(r"article|body|content|entry|main|page|post|text|blog|story|column")
_POSITIVE_RE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story"
)
_NEGATIVE_RE = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|"
    r"footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|"
    r"skyscraper|sponsor|shopping|tags|tool|widget|byline|author|dateline|social"
)
# Text placed at fixed coordinates: a chart's labels laid over its picture (ai2html's `top:
# 9.5%`), a pop-up. 198 such elements in the dev pages, none in a truth (nytimes-4's charts:
# precision 0.91 -> 0.99); a story wrapped in one keeps it through `_holds_article`.
_PLACED = re.compile(r"position\s*:\s*absolute|(?:^|;)\s*top\s*:\s*-?[\d.]+%")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")  # lower-cased style
# Bootstrap 2-5, Bulma, SUIT: the class tokens that mean `display: none`.
_HIDDEN_CLASSES = frozenset(("hidden", "hide", "d-none", "is-hidden", "u-hidden"))
BLOCK_KINDS: dict[str, ParagraphKind] = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "p": "paragraph", "li": "list", "dd": "list", "dt": "list",
    "blockquote": "quote", "figcaption": "caption", "caption": "caption", "pre": "paragraph",
}  # fmt: skip
_BLOCK_TAGS = frozenset(BLOCK_KINDS) | frozenset(_BLOCK_TAG_NAMES.split())
_DIV_TEXT_CHARS = 100
_RUNNERS_UP = 5
_CLIMB_RATIO = 1.15
_CLIMB_MAX_LINKS = 0.35
_CLIMB_LEVELS = 6
_PROSE_PARAGRAPH_CHARS = 100
_SHARED_MINIMUM = 3
_ADDED_PROSE_SHARE = 0.6
_CLOSE = 0.75
# Commas as readability counts them, and those of Japanese, Chinese and Arabic.
_COMMAS = (",", "、", "，", "،")  # noqa: RUF001 (other scripts' commas on purpose)
_ARTICLE_PARAGRAPH_CHARS = 150
_ARTICLE_PARAGRAPHS = 3
# Text-level tags flow into the block around them; any other tag (custom elements too) is a block.
INLINE_TAGS = frozenset(_INLINE_TAG_NAMES.split()) | {""}
_SCORED_TAGS = frozenset({"p", "pre", "td", "blockquote"})
_TAG_WEIGHT = {"div": 5, "article": 8, "section": 3, "main": 5, "pre": 3, "td": 3,
               "blockquote": 3, "form": -3, "ol": -3, "ul": -3, "dl": -3, "li": -3,
               "h1": -5, "h2": -5, "h3": -5, "th": -5}  # fmt: skip


_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
# An element's string value's length, counted inside libxml2: the same number as summing
# `itertext()` in Python, at a third of the cost on the large elements scoring measures.
_STRING_LENGTH = etree.XPath("string-length(.)")


_GIANT_TAG_CHARS = 16384
_GIANT_TAG = re.compile(r"(<[A-Za-z][\w:-]*+)[^<>]{16384,}>")


def strip_giant_tags(html: str) -> str:
    """Drop the attributes of any tag carrying over 16 KB of them.

    libxml2 is quadratic in a tag's attributes: one 10^5-attribute tag took minutes (issue 7);
    no real page has such a tag.
    """
    if len(html) <= _GIANT_TAG_CHARS:
        return html
    # Splitting on "<" finds the long stretches at C speed; the regex runs only when one of
    # them is a tag (most are inline scripts or styles), as a scan of every tag costs ~1 ms.
    if not any(
        len(part) > _GIANT_TAG_CHARS and part.find(">", 0, _GIANT_TAG_CHARS) == -1
        for part in html.split("<")
    ):
        return html
    return _GIANT_TAG.sub(r"\1>", html)


def parse_html(html: str) -> _Element | None:
    """The page's root element, or None when lxml finds no document in it."""
    # Plain etree elements: lxml.html's element-class lookup costs a third of the walk.
    try:
        root = etree.fromstring(html, _PARSER)
    except (etree.ParserError, ValueError):
        return None
    return root if root is not None and isinstance(root.tag, str) else None


def prune(root: _Element) -> list[tuple[str, str]]:
    """Drop scripts, hidden and chrome elements in place; return (reason, text) for each."""
    removed: list[tuple[str, str]] = []
    doomed: list[tuple[_Element, str | None]] = []
    story: list[frozenset[str]] = []  # `_story_classes`, found once a paragraph needs them
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _JUNK_TAGS or not tag:
            doomed.append((element, None))
        elif tag not in _CHROME_TAGS and not element.attrib:
            continue  # a third of the elements: neither hidden nor chrome without attributes
        elif _is_hidden(element) and not _holds_article(element):
            doomed.append((element, "hidden"))
        elif (reason := chrome_reason(element, tag)) is not None and (
            # Comment threads are long prose themselves: never protect them as the story.
            (reason == "comments" and next(element.iter("h1"), None) is None)
            or not (_holds_article(element) or _in_story_class(element, tag, root, story))
        ):
            doomed.append((element, reason))
    for element, reason in doomed:
        parent = element.getparent()
        if parent is None or _detached(element):
            continue
        if reason is not None:
            text = " ".join(" ".join(element.itertext()).split())
            if text:
                removed.append((reason, text[:2000]))
        _drop(element, parent)
    return removed


def _holds_article(element: _Element) -> bool:
    """A chrome-sounding wrapper around the story itself (`<div class="main-sidebar-layout">`).

    The story's long paragraphs sit side by side under one parent; a gallery's or a teaser
    list's each sit alone in their own item, however many items there are.
    """
    long_under: dict[_Element | None, int] = {}
    for paragraph in element.iter("p"):
        if text_chars(paragraph) >= _ARTICLE_PARAGRAPH_CHARS:
            parent = paragraph.getparent()
            long_under[parent] = long_under.get(parent, 0) + 1
            if long_under[parent] >= _ARTICLE_PARAGRAPHS:
                return True
    return False


def _in_story_class(
    element: _Element, tag: str, root: _Element, story: list[frozenset[str]]
) -> bool:
    """A `<p>` of one of the page's story classes; `story` caches them for the page."""
    if tag != "p" or not element.get("class"):
        return False
    if not story:
        story.append(_story_classes(root))
    return element.get("class") in story[0]


def _story_classes(root: _Element) -> frozenset[str]:
    """Class values that the page gives to three or more long paragraphs: its story's own,
    whatever they say. Condé Nast pages mark each paragraph behind the paywall
    `<p class="paywall">`, and the text is all there; a promo box's class is used once."""
    counts: dict[str, int] = {}
    for paragraph in root.iter("p"):
        value = paragraph.get("class")
        if value and text_chars(paragraph) >= _ARTICLE_PARAGRAPH_CHARS:
            counts[value] = counts.get(value, 0) + 1
    return frozenset(value for value, count in counts.items() if count >= _ARTICLE_PARAGRAPHS)


def _detached(element: _Element) -> bool:
    """True if an ancestor was already dropped (its subtree went with it)."""
    node = element.getparent()
    while node is not None:
        if node.tag == "html":
            return False
        node = node.getparent()
    return True


def _drop(element: _Element, parent: _Element) -> None:
    """Remove `element` but keep the text that follows it (lxml stores it on the element)."""
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _is_hidden(element: _Element) -> bool:
    if (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        # CSS frameworks' hiding classes: what readers never see (a view counter, a second
        # copy of the share bar); pages that reveal a hidden body by script keep its
        # paragraphs through `_holds_article`.
        or not _HIDDEN_CLASSES.isdisjoint(element.get("class", "").lower().split())
    ):
        return element.tag not in ("html", "body")
    style = element.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style.lower()) is not None


def chrome_reason(element: _Element, tag: str) -> str | None:
    """The reason code if the element is page chrome by its tag, role, class or id."""
    if tag in _CHROME_TAGS:
        return _CHROME_TAGS[tag]
    role = element.get("role")
    if role in ("navigation", "banner", "contentinfo", "complementary", "menu"):
        return "footer" if role == "contentinfo" else "navigation"
    if tag in ("body", "html", "article", "main", "a", "span"):
        return None
    style = element.get("style")
    if style and _PLACED.search(style.lower()) is not None:
        return "navigation"
    class_value, id_value = element.get("class"), element.get("id")
    if class_value is None and id_value is None:
        return None
    return _hints_reason(class_value or "", id_value or "")


@lru_cache(maxsize=16384)
def _hints_reason(class_value: str, id_value: str) -> str | None:
    """The chrome reason that an element's class and id values give together, cached: one
    lookup per element instead of one per value (most elements repeat a class)."""
    infos = [_hint_info(value) for value in (class_value, id_value) if value]
    if any(comments for comments, _, _ in infos):
        return "comments"  # `comment-content` is a comment's content, not the article's
    if any(content for _, _, content in infos):
        return None
    return next((reason for _, reason, _ in infos if reason), None)


@lru_cache(maxsize=8192)
def _hint_info(value: str) -> tuple[bool, str | None, bool]:
    """(comments?, chrome reason, content word?) of one class or id value, cached: pages
    repeat the same class names on hundreds of elements."""
    value = value.lower()
    reason = None
    content = False
    for token in value.split():
        token_reason, token_content = _token_info(token)
        reason = reason or token_reason
        content = content or token_content
    return _COMMENTS_RE.search(value) is not None, reason, content


@lru_cache(maxsize=16384)
def _token_info(token: str) -> tuple[str | None, bool]:
    """(chrome reason, content word?) of one class token. `entry-content` says "the story";
    `jp-relatedposts` and `like-post-wrapper` name chrome and only contain a content word."""
    if "embed" in token:
        return None, False  # an embedded post (`social-media-embed`): a tweet the story quotes
    if match := _CHROME_RE.search(token):
        return match.lastgroup, False
    return None, _CONTENT_RE.search(token) is not None


def class_weight(element: _Element) -> float:
    """readability's class/id weight: +25 for content words, -25 for chrome words."""
    weight = 0.0
    for value in (element.get("class"), element.get("id")):
        if value:
            value = value.lower()
            weight += 25 if _POSITIVE_RE.search(value) else 0
            weight -= 25 if _NEGATIVE_RE.search(value) else 0
    return weight


def best_container(root: _Element) -> tuple[_Element | None, dict[_Element, float]]:
    """The element whose paragraphs score highest (readability's algorithm, simplified),
    and every candidate's score."""
    scores: dict[_Element, float] = {}
    for element in root.iter(*_SCORED_TAGS, "div"):
        if element.tag == "div":
            # A div of bare text (lines split by <br>) is a paragraph too, as in readability;
            # it holds its own text, so it is scored itself as well as its ancestors.
            text = _own_text(element)
            if len(text) < _DIV_TEXT_CHARS:
                continue
            holders = [element, *_ancestors(element, 2)]
        else:
            text = " ".join(element.itertext())
            if len(text) < 25:
                continue
            holders = list(_ancestors(element, 3))
        gain = 1 + sum(map(text.count, _COMMAS)) + min(len(text) / 100, 3)
        for depth, holder in enumerate(holders):
            if holder not in scores:
                scores[holder] = _TAG_WEIGHT.get(holder.tag, 0) + class_weight(holder)
            scores[holder] += gain / (1, 2, 3)[depth]
    if not scores:
        return None, {}
    ranked = {e: s * (1 - link_density(e)) for e, s in scores.items()}
    best = max(ranked, key=lambda e: ranked[e])
    return _climb_for_prose(_better_parent(_shared_ancestor(best, ranked), ranked)), ranked


def _better_parent(best: _Element, ranked: dict[_Element, float]) -> _Element:
    """An ancestor that outscores the level below it holds more of the story (its intro
    paragraphs beside a "read more" box that scored best); readability.js climbs the same way,
    through levels scoring at least a third of the best."""
    floor = last = ranked.get(best, 0.0)
    floor /= 3
    for ancestor in _ancestors(best, _CLIMB_LEVELS):
        if ancestor.tag in ("body", "html"):
            break
        score = ranked.get(ancestor)
        if score is None:
            continue
        if score < floor:
            break
        if score > last:
            return ancestor if _adds_prose(best, ancestor) else best
        last = score
    return best


def _adds_prose(best: _Element, ancestor: _Element) -> bool:
    """Whether what `ancestor` holds beyond `best` is mostly story paragraphs, not chrome
    (several of them: an author's bio is one paragraph beside the story)."""
    inside = set(best.iter("p"))
    added_prose = [n for p, n in _prose_paragraphs(ancestor) if p not in inside]
    added = text_chars(ancestor) - text_chars(best)
    return len(added_prose) >= 2 and sum(added_prose) >= _ADDED_PROSE_SHARE * added


def text_chars(element: _Element) -> int:
    """Characters of text in an element and everything inside it."""
    return int(_STRING_LENGTH(element))


def linked_chars(element: _Element) -> int:
    """Characters of text inside the element's links."""
    return sum([int(_STRING_LENGTH(a)) for a in element.iter("a")])


def _climb_for_prose(best: _Element) -> _Element:
    """Widen to an ancestor that holds much more prose like the container's own (paragraphs
    of the same markup): a story split over sections that the scoring picked one part of.
    Levels that add nothing (plain wrappers) are stepped over, not a reason to stop."""
    kinds = {_paragraph_kind(p) for p, _ in _prose_paragraphs(best)}
    lineage = [a for a in _ancestors(best, _CLIMB_LEVELS) if a.tag not in ("body", "html")]
    # Measured once at the top, then summed per level: no paragraph is measured twice.
    top = lineage[-1] if lineage else best
    similar = {p: n for p, n in _prose_paragraphs(top) if _paragraph_kind(p) in kinds}
    node, own = best, _similar_chars(best, similar)
    for parent in lineage:
        if len(parent) == 1 and parent[0] is node:
            continue  # a plain wrapper holds nothing more
        total = _similar_chars(parent, similar)
        if total >= own * _CLIMB_RATIO and link_density(parent) <= _CLIMB_MAX_LINKS:
            node, own = parent, total
    return node


def _similar_chars(element: _Element, similar: dict[_Element, int]) -> int:
    return sum(similar.get(p, 0) for p in element.iter("p"))


_Markup = tuple[str | None, str | None, str | None]
_NO_DIGITS = str.maketrans("", "", "0123456789")


def _paragraph_kind(paragraph: _Element) -> _Markup:
    """The markup a story repeats for each of its paragraphs: own and parent class, digits
    folded (a story split into `story-body-1`, `story-body-2` is one kind of prose)."""
    parent = paragraph.getparent()
    parent_class = parent.get("class") if parent is not None else None
    return (
        _without_digits(paragraph.get("class")),
        _without_digits(parent_class),
        parent.tag if parent is not None else None,
    )


def _without_digits(value: str | None) -> str | None:
    return value.translate(_NO_DIGITS) if value else value


def _prose_paragraphs(element: _Element) -> Iterator[tuple[_Element, int]]:
    for paragraph in element.iter("p"):
        length = text_chars(paragraph)
        if length >= _PROSE_PARAGRAPH_CHARS and link_density(paragraph) < 0.3:
            yield paragraph, length


def _shared_ancestor(best: _Element, ranked: dict[_Element, float]) -> _Element:
    """When the story is split over several similar containers (sections), take the
    ancestor that holds at least three of the close runners-up (readability.js does too)."""
    close = [e for e, s in ranked.items() if e is not best and s >= _CLOSE * ranked[best]]
    close = sorted(close, key=lambda e: -ranked[e])[:_RUNNERS_UP]
    if len(close) < _SHARED_MINIMUM:
        return best
    lineages = [set(_ancestors(e, 50)) for e in close]
    for ancestor in _ancestors(best, 50):
        if ancestor.tag in ("body", "html"):
            break
        if sum(ancestor in lineage for lineage in lineages) >= _SHARED_MINIMUM:
            return ancestor
    return best


def _own_text(element: _Element) -> str:
    """Text directly in `element` or its inline children, not in nested blocks."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in INLINE_TAGS:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def with_siblings(best: _Element, scores: dict[_Element, float]) -> list[_Element]:
    """The best container plus siblings that look like more of the same article."""
    score = scores.get(best, 0.0)
    parent = best.getparent()
    # An only child's siblings are its wrapper's: the story's first paragraphs may sit in
    # the wrapper's sibling, beside a photo block (readability.js climbs the same way).
    while parent is not None and len(parent) == 1 and parent.tag not in ("body", "html"):
        best, parent = parent, parent.getparent()
    if parent is None:
        return [best]
    threshold = max(10.0, score * 0.2)
    chosen = []
    for sibling in parent:
        if sibling is best or scores.get(sibling, 0.0) >= threshold or _prose_sibling(sibling):
            chosen.append(sibling)
    return chosen


def _prose_sibling(element: _Element) -> bool:
    if element.tag != "p":
        return False
    text = normalize_line(" ".join(element.itertext()))
    density = link_density(element)
    if len(text) > 80:
        return density < 0.25
    return density == 0 and text.endswith(".")


def _ancestors(element: _Element, count: int) -> Iterator[_Element]:
    node = element.getparent()
    for _ in range(count):
        if node is None or not isinstance(node.tag, str):
            return
        yield node
        node = node.getparent()


def link_density(element: _Element) -> float:
    """Share of an element's text that sits inside links."""
    total = text_chars(element)
    if not total:
        return 0.0
    return min(1.0, linked_chars(element) / total)
