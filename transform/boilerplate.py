"""Known boilerplate lines and their reason codes, in several languages, for both cleaners."""

from __future__ import annotations

import re

# Reason codes are a public contract: removed_blocks.reason holds them.
REASONS = (
    "breadcrumb",
    "navigation",
    "comment_prompt",
    "duplicate_caption",
    "duplicate",
    "share",
    "subscribe",
    "cookie",
    "footer",
    "related",
    "advertisement",
    "byline",
    "short_fragment",
)

_WORD_LIST = {
    "navigation": (
        "menu|main menu|navigation|skip to content|skip to main content|search|home|close|"
        "back to top|sign in|log in|login|register|my account|sections|top stories|more|"
        "inicio|buscar|menú|startseite|suche|navigation öffnen|accueil|rechercher|"
        "メニュー|ホーム|検索|トップ"
    ),
    "comment_prompt": (
        "leave a reply|leave a comment|post a comment|add a comment|comments|\\d+ comments?|"
        "join the conversation|show comments|view comments|cancel reply|"
        "deja un comentario|deja una respuesta|comentarios|kommentare|kommentar schreiben|"
        "laisser un commentaire|commentaires|コメント|コメントを書く"
    ),
    "share": (
        "share|share this|share this article|share this story|share on facebook|"
        "share on twitter|share on x|tweet|email|print|copy link|whatsapp|facebook|twitter|"
        "linkedin|pinterest|reddit|compartir|teilen|partager|シェア|共有"
    ),
    "subscribe": (
        "subscribe|subscribe now|sign up|newsletter|sign up for our newsletter|"
        "suscríbete|abonnieren|newsletter abonnieren|s'abonner|購読"
    ),
    "related": (
        "related|related articles|related stories|related posts|read more|read next|"
        "more stories|you may also like|recommended|most read|most popular|trending|"
        "te puede interesar|noticias relacionadas|lea también|mehr zum thema|das könnte sie "
        "auch interessieren|à lire aussi|関連記事|あわせて読みたい"
    ),
    "advertisement": "advertisement|advertising|sponsored|anzeige|publicidad|publicité|広告",
}
_EXACT = {
    reason: re.compile(rf"^(?:{alternatives})[\s:.!…]*$", re.IGNORECASE)
    for reason, alternatives in _WORD_LIST.items()
}
_CONTAINS = {
    "cookie": re.compile(
        r"\b(?:we use cookies|this (?:web)?site uses cookies|accept (?:all )?cookies|"
        r"cookie (?:policy|settings|preferences)|utilizamos cookies|usamos cookies|"
        r"verwendet cookies|wir verwenden cookies|nous utilisons des cookies)\b",
        re.IGNORECASE,
    ),
    "footer": re.compile(
        r"(?:©|\(c\)\s*\d{4}|\bcopyright\s*(?:©\s*)?\d{4}|all rights reserved|todos los derechos reservados|"
        r"alle rechte vorbehalten|tous droits réservés|無断転載|著作権)",
        re.IGNORECASE,
    ),
    "subscribe": re.compile(
        r"\b(?:subscribe to (?:our|the) newsletter|sign up for (?:our|the) newsletter|"
        r"get the latest news delivered|suscríbete a nuestro boletín|"
        r"melden sie sich für unseren newsletter an)\b",
        re.IGNORECASE,
    ),
    "share": re.compile(r"^(?:share|teilen|compartir)\s*(?:on|:)?\s*(?:\w+\s*[|/·]\s*){2,}", re.I),
}
# Segments joined by these, all short, make a breadcrumb trail: `Home > News > Title`.
_CRUMB_SEPARATOR = re.compile(r"\s+(?:>|»|›|/|→|\\)\s+")
# Menus flattened onto one line: `News | Sport | Business | Culture`.
_MENU_SEPARATOR = re.compile(r"\s*(?:\||·|•)\s*")


def classify_boilerplate(line: str, *, max_fragment_words: int = 12) -> str | None:
    """The reason code if `line` is known boilerplate on its own, else None."""
    for reason, pattern in _EXACT.items():
        if pattern.match(line):
            return reason
    words = len(line.split())
    if words <= 40:
        for reason, pattern in _CONTAINS.items():
            if pattern.search(line):
                return reason
    if is_breadcrumb(line):
        return "breadcrumb"
    if is_flat_menu(line, max_fragment_words):
        return "navigation"
    return None


def is_breadcrumb(line: str) -> bool:
    """`Home > News > Title`: two or more separators between short segments."""
    segments = _CRUMB_SEPARATOR.split(line)
    if len(segments) < 3:
        return False
    return all(0 < len(s.split()) <= 14 for s in segments) and not line.endswith(".")


def is_flat_menu(line: str, max_fragment_words: int) -> bool:
    """`News | Sport | Business`: three or more short items, no sentence among them."""
    items = [item for item in _MENU_SEPARATOR.split(line) if item]
    if len(items) < 3:
        return False
    return all(len(item.split()) <= 4 for item in items) and len(line.split()) <= 3 * len(
        items
    ) + max_fragment_words
