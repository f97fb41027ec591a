"""Topic queries: words, "phrases", prefix*, AND/OR/NOT, parentheses and NEAR/n, matched on text.

Grammar (AND binds tighter than OR; words side by side mean AND):

    query   := or
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*
    unary   := "NOT" unary | near
    near    := primary ("NEAR" | "NEAR/n" primary)*
    primary := WORD | WORD* | "a phrase" | "(" query ")"

Matching is case- and accent-insensitive on the shared tokenizer's words (transform.tokens).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transform.tokens import words

DEFAULT_NEAR = 10  # words between the two sides of a bare NEAR
_LEXER = re.compile(r'\s*(?:(?P<phrase>"[^"]*")|(?P<paren>[()])|(?P<word>[^\s()"]+))')
_NEAR = re.compile(r"NEAR(?:/(\d+))?")


class TopicQueryError(ValueError):
    """A topic query that does not parse; the message says where and how to fix it."""


@dataclass(frozen=True)
class Terms:
    """A word, a phrase (several words in a row) or a prefix (`defen*`)."""

    label: str
    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Not:
    """Matches when its operand does not."""

    operand: Node


@dataclass(frozen=True)
class Both:
    """AND (all=True) or OR (all=False) over operands."""

    operands: tuple[Node, ...]
    all: bool


@dataclass(frozen=True)
class Near:
    """Both sides within `distance` words of each other, in either order."""

    left: Node
    right: Node
    distance: int


Node = Terms | Not | Both | Near
Span = tuple[int, int]  # first and last word index of a hit


@dataclass(frozen=True)
class Match:
    """Whether a node matched, where (word spans) and which positive terms did."""

    matched: bool
    spans: frozenset[Span] = frozenset()
    terms: frozenset[str] = frozenset()


@lru_cache(maxsize=256)
def parse_query(query: str) -> Node:
    """Parse a topic query into a tree, or raise TopicQueryError naming the problem."""
    parser = _Parser(_lex(query), query)
    node = parser.parse_or()
    if parser.peek() is not None:
        raise TopicQueryError(f"unexpected {parser.peek()!r} in topic query {query!r}")
    return node


def match_text(query: str, text: str) -> list[str] | None:
    """The terms of `query` found in `text` (sorted), or None when the query does not match."""
    result = evaluate(parse_query(query), words(text))
    return sorted(result.terms) if result.matched else None


def evaluate(node: Node, tokens: list[str]) -> Match:
    """Match a parsed query against a text's folded words."""
    if isinstance(node, Terms):
        spans = frozenset(_find(node, tokens))
        return Match(bool(spans), spans, frozenset([node.label]) if spans else frozenset())
    if isinstance(node, Not):
        return Match(not evaluate(node.operand, tokens).matched)
    if isinstance(node, Both):
        return _both(node, tokens)
    return _near(node, tokens)


def _both(node: Both, tokens: list[str]) -> Match:
    results = [evaluate(operand, tokens) for operand in node.operands]
    matched = all(r.matched for r in results) if node.all else any(r.matched for r in results)
    if not matched:
        return Match(False)
    hits = [r for r in results if r.matched]
    spans = frozenset().union(*(r.spans for r in hits))
    return Match(True, spans, frozenset().union(*(r.terms for r in hits)))


def _near(node: Near, tokens: list[str]) -> Match:
    left, right = evaluate(node.left, tokens), evaluate(node.right, tokens)
    pairs = [
        (a, b)
        for a in left.spans
        for b in right.spans
        if max(b[0] - a[1], a[0] - b[1]) - 1 <= node.distance
    ]
    if not pairs:
        return Match(False)
    spans = frozenset(s for pair in pairs for s in pair)
    return Match(True, spans, left.terms | right.terms)


def _find(terms: Terms, tokens: list[str]) -> list[Span]:
    size = len(terms.words)
    if size == 1 and not terms.prefix:
        return [(i, i) for i, token in enumerate(tokens) if token == terms.words[0]]
    found = []
    for i in range(len(tokens) - size + 1):
        window = tokens[i : i + size]
        head_ok = window[:-1] == list(terms.words[:-1])
        last = window[-1]
        tail_ok = last.startswith(terms.words[-1]) if terms.prefix else last == terms.words[-1]
        if head_ok and tail_ok:
            found.append((i, i + size - 1))
    return found


def _lex(query: str) -> list[str]:
    tokens, position = [], 0
    while position < len(query.rstrip()):
        match = _LEXER.match(query, position)
        if match is None or match.end() == position:
            raise TopicQueryError(f"unbalanced quote in topic query {query!r}")
        tokens.append(match.group("phrase") or match.group("paren") or match.group("word"))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent over the lexed tokens."""

    def __init__(self, tokens: list[str], query: str) -> None:
        self.tokens = tokens
        self.query = query
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise TopicQueryError(f"topic query {self.query!r} ends too early; finish the term")
        self.position += 1
        return token

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while self.peek() == "OR":
            self.take()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else Both(tuple(operands), all=False)

    def parse_and(self) -> Node:
        operands = [self.parse_unary()]
        while self.peek() not in (None, "OR", ")"):
            if self.peek() == "AND":
                self.take()
            operands.append(self.parse_unary())
        return operands[0] if len(operands) == 1 else Both(tuple(operands), all=True)

    def parse_unary(self) -> Node:
        if self.peek() == "NOT":
            self.take()
            return Not(self.parse_unary())
        return self.parse_near()

    def parse_near(self) -> Node:
        node = self.parse_primary()
        while (near := _NEAR.fullmatch(self.peek() or "")) is not None:
            self.take()
            distance = int(near.group(1)) if near.group(1) else DEFAULT_NEAR
            node = Near(node, self.parse_primary(), distance)
        return node

    def parse_primary(self) -> Node:
        token = self.take()
        if token == "(":
            node = self.parse_or()
            if self.take() != ")":
                raise TopicQueryError(f"missing ')' in topic query {self.query!r}")
            return node
        if token in ("AND", "OR", ")") or _NEAR.fullmatch(token):
            raise TopicQueryError(
                f"{token!r} needs a word or phrase before it in topic query {self.query!r}"
            )
        return _terms(token, self.query)


def _terms(token: str, query: str) -> Terms:
    text = token[1:-1] if token.startswith('"') else token
    prefix = not token.startswith('"') and text.endswith("*")
    folded = tuple(words(text.rstrip("*")))
    if not folded:
        raise TopicQueryError(f"empty term {token!r} in topic query {query!r}")
    label = text.rstrip("*").casefold().replace("\u2019", "'")
    return Terms(label + ("*" if prefix else ""), folded, prefix)
