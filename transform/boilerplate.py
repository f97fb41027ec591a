"""Known boilerplate lines and their reason codes, in several languages, for both cleaners."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from transform.scoring import count_words
from transform.stopwords import vocabulary

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
    "comments",
    "outside_body",
    "source_boilerplate",
)

_WORD_LIST = {
    "navigation": (
        "menu|main menu|navigation|skip to content|skip to main content|search|home|close|"
        "back to top|sign in|log in|login|register|my account|sections|top stories|more|"
        "previous post|next post|previous article|next article|previous|next|"
        "inicio|buscar|menú|startseite|suche|navigation öffnen|accueil|rechercher|"
        "メニュー|ホーム|検索|トップ|ログイン|ログアウト|会員登録|新規登録|会員の方はこちら|"
        "главная|поиск|меню|войти|zoeken|inloggen|szukaj|"
        "strona główna|zaloguj się|hledat|hlavní stránka|ana sayfa|arama|giriş yap|beranda|"
        "cari|masuk|الرئيسية|الصفحة الرئيسية|بحث|القائمة|تسجيل الدخول|"
        "홈|메뉴|전체메뉴|검색|로그인|로그아웃|회원가입|뒤로가기|목록|이전글|다음글|"
        "이전 기사|다음 기사|분야별 뉴스|맨위로|닫기|"
        "iniciar sesión|anmelden|einloggen|se connecter|connexion|cerca|accedi|início|"
        "pesquisar|entrar|siguiente|anterior|suivant|précédent|successivo|precedente|próximo|"
        # A photo gallery's or video player's own controls, and its slide counter (`1 / 9`;
        # `23/16` without spaces is a table's figure).
        "caption|toggle caption|hide caption|show caption|back to gallery|view gallery|"
        "open gallery|enlarge this image|video|featured video|media caption|"
        # A player's or widget's placeholder while it loads (`Loading...`, `正在加载...`).
        "loading|正在加载|加载中|読み込み中|cargando|chargement|wird geladen|carregando|"
        "caricamento|"
        "\\d{1,3} (?:/|of) \\d{1,3}"
    ),
    "comment_prompt": (
        "leave a reply|leave a comment|post a comment|add a comment|comments|\\d+ comments?|"
        "join the conversation|show comments|view comments|cancel reply|comments are closed|"
        "deja un comentario|deja una respuesta|comentarios|kommentare|kommentar schreiben|"
        "laisser un commentaire|commentaires|コメント|コメントを書く|комментарии|"
        "оставить комментарий|reacties|plaats een reactie|komentarze|dodaj komentarz|"
        "komentáře|přidat komentář|yorumlar|yorum yap|komentar|tulis komentar|comentar|"
        "التعليقات|أضف تعليقا|أضف تعليقاً|"
        "댓글|댓글쓰기|댓글 쓰기|댓글달기|"
        "comentários|deixe um comentário|deixe seu comentário|commenti|lascia un commento"
    ),
    "share": (
        "share|share this|share this article|share this story|share on facebook|"
        "share on twitter|share on x|tweet|email|print|copy link|whatsapp|facebook|twitter|"
        "linkedin|pinterest|reddit|flipboard|compartir|teilen|partager|シェア|共有|поделиться|"
        "delen|udostępnij|sdílet|paylaş|bagikan|"
        # The social networks of China, Russia, Japan and Korea, as share buttons name them.
        "分享|分享到|微博|新浪微博|腾讯微博|微信|qq空间|人人|人人网|开心网|豆瓣|转寄朋友|打印|"
        "شارك|مشاركة|condividi|compartilhe|compartilhar|drucken|imprimir|imprimer|stampa|"
        "вконтакте|одноклассники|はてなブックマーク|카카오톡|카카오스토리|페이스북|트위터|공유|"
        "공유하기|인쇄|인쇄하기|스크랩|"
        # WordPress's share and like buttons, a share count glued on: `61Click to share on...`
        "\\d*click to (?:share on|email|print)[^.]*|like this|like loading|click to tweet|"
        "copied|link copied|buffer|"
        # A share or view counter: `258 Shares`, `653,817 views`, `20 diggs`.
        "\\d[\\d,.]*k? (?:shares?|likes?|views?|diggs?|votes?|upvotes?|retweets?|reactions?)"
    ),
    "subscribe": (
        "subscribe|subscribe now|sign up|newsletter|newsletters|sign up for our newsletter|"
        "suscríbete|abonnieren|newsletter abonnieren|s'abonner|購読|подписаться|abonneren|"
        "subskrybuj|odebírat|abone ol|berlangganan|اشترك|اشترك الآن|النشرة البريدية|"
        "abonnez-vous|suscribirse|iscriviti|iscriviti alla newsletter|abbonati|assine|assinar|"
        "inscreva-se|jetzt abonnieren|recevoir la newsletter|inscrivez-vous|구독|구독하기|뉴스레터|"
        # Appeals for money: a reader's support sought like a subscription.
        "support us|support our journalism|support independent journalism|donate|donate now|"
        "make a donation|make a contribution|become a member|become a supporter"
    ),
    "related": (
        "related|related articles|related stories|related posts|related content|related links|"
        "related coverage|related reading|related news|read more|"
        "read next|more stories|more from [\\w ]{1,30}|more in [\\w ]{1,30}|you may also like|"
        "you might also like|"
        "must reads|must-reads|more must-reads from [\\w ]{1,30}|editor's picks|editors' picks|"
        "editor’s picks|"  # noqa: RUF001
        "recommended|recommended for you|most read|most popular|trending|trending now|"
        "more (?:[\\w'’]+ ){1,3}stories|"  # noqa: RUF001
        "recent posts|popular posts|latest news|latest stories|see more|see also|don't miss|"
        "don’t miss|more on this story|more on this|also read|explore further|"  # noqa: RUF001
        "te puede interesar|noticias relacionadas|lea también|mehr zum thema|das könnte sie "
        "auch interessieren|à lire aussi|関連記事|あわせて読みたい|"
        "você pode gostar|você também pode gostar|veja também|leia também|posts relacionados|"
        "artigos relacionados|notícias relacionadas|leggi anche|articoli correlati|"
        "potrebbe interessarti|ti potrebbe interessare|vous aimerez aussi|sur le même sujet|"
        "читайте также|по теме|lees ook|czytaj także|czytaj też|zobacz też|čtěte také|"
        "související|ilginizi çekebilir|benzer haberler|baca juga|berita terkait|"
        "اقرأ أيضا|اقرأ أيضاً|مقالات ذات صلة|أخبار ذات صلة|الأكثر قراءة|الأكثر تصفحا|الأكثر تصفحاً|"
        "lire aussi|à lire également|voir aussi|les plus lus|meistgelesen|auch interessant|"
        "관련기사|관련 기사|많이 본 뉴스|많이 본 기사|많이 본 칼럼|인기기사|인기 기사|추천기사|"
        "추천 기사|최신기사|최신 기사|주요뉴스|주요 뉴스|"
        "weitere artikel|lesen sie auch|más noticias|lo más leído|lo más visto|più letti|"
        "mais lidas|mais lidos|lees meer|meest gelezen|"
        # Jetpack's related posts name their category: `In "News"`.
        'in ["“][^"”]{1,40}["”]'
    ),
    # A clock time alone on its line (`14:44`, `9.30 am`, `12h05`): a live feed's or a
    # comment's timestamp, not a sentence. (AP's "The Latest" heads its updates with one:
    # zyte's truth keeps them, which costs 0.0001 there; a live feed below a story is cut.)
    "byline": "\\d{1,2}[:.h]\\d{2}(?: ?[ap]\\.?m| uhr)?",
    "advertisement": (
        "advertisement|advert|advertising|sponsored|anzeige|publicidad|publicité|広告|реклама|"
        "advertentie|reklama|reklam|iklan|إعلان|werbung|pubblicità|publicidade|광고"
    ),
}
# Literal entries are looked up in a dict, the few patterns matched at the line start:
# one regex scan per line over every alternative is far too slow (issue 3: >= 1000 pages/s).
_TRAILING = " \t:.!…"
# Without a regex metacharacter an entry is literal (Arabic's vowel marks are no `\w`).
_LITERAL = re.compile(r"^[^\\()\[\]{}|?*+.^$]+$")


def _entries(words: str) -> list[str]:
    """A word list's entries: split on the `|` between them, not on those inside a group
    (`click to (?:share on|email|print)` is one entry)."""
    entries, depth, start, escaped = [], 0, 0, False
    for at, char in enumerate(words):
        if not escaped:  # `\(` and `\|` are literal characters, not syntax
            depth += (char == "(") - (char == ")")
            if char == "|" and depth == 0:
                entries.append(words[start:at])
                start = at + 1
        escaped = char == "\\" and not escaped
    return [*entries, words[start:]]


_ENTRIES = {reason: _entries(words) for reason, words in _WORD_LIST.items()}
_EXACT_WORDS: dict[str, str] = {
    word: reason for reason, words in _ENTRIES.items() for word in words if _LITERAL.match(word)
}
_EXACT = re.compile(
    "|".join(
        f"(?P<{reason}>(?:{'|'.join(patterns)})$)"
        for reason, words in _ENTRIES.items()
        if (patterns := [word for word in words if not _LITERAL.match(word)])
    ),
)
# First characters of the patterns in `_EXACT`: other lines skip its scan.
_EXACT_FIRST = frozenset("mci")
# A line holds one of these words before the (slower) pattern below is tried on it.
_CONTAINS_KEYS = (
    "cookie", "©", "(c)", "copyright", "reserved", "derechos", "rechte", "droits", "無断",
    "著作権", "会員限定", "ⓒ", "무단", "재배포", "newsletter", "boletín", "delivered",
    "unsubscribe", "subscriber", "share", "teilen", "compartir", "ctrl", "diritti", "direitos",
)  # fmt: skip
# (key, its first non-ASCII character or ""): a page without that character skips the key.
_KEY_ANCHORS = tuple(
    (key, next((char for char in key if not char.isascii()), "")) for key in _CONTAINS_KEYS
)
_CONTAINS = re.compile(
    r"(?P<cookie>\b(?:we use cookies|this (?:web)?site uses cookies|accept (?:all )?cookies|"
    r"cookie (?:policy|settings|preferences)|utilizamos cookies|usamos cookies|"
    r"verwendet cookies|wir verwenden cookies|nous utilisons des cookies|utilizziamo i cookie|"
    r"questo sito utilizza (?:i )?cookie|wij gebruiken cookies|deze website gebruikt cookies)\b)|"
    r"(?P<footer>©|\(c\) ?\d{4}|\bcopyright ?(?:© ?)?\d{4}|all rights reserved|"
    r"subject to copyright|todos los derechos reservados|alle rechte vorbehalten|"
    r"tous droits réservés|"
    r"tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden|"
    r"無断転載|著作権|ⓒ|무단 ?전재|재배포 금지)|"
    r"(?P<subscribe>\b(?:subscribe to (?:our|the) newsletter|sign up for (?:our|the) newsletter|"
    r"get the latest news delivered|delivered to your inbox|unsubscribe at any time|"
    r"suscríbete a nuestro boletín|"
    r"melden sie sich für unseren newsletter an|already a subscriber|for subscribers only|"
    r"subscribers only|exclusive to subscribers)\b|会員限定)|"
    # `Found a typo? Select it and press Ctrl+Enter`: a prompt for the reader, in any language.
    r"(?P<comment_prompt>\bctrl ?\+ ?enter\b)|"
    r"(?P<share>^(?:share|teilen|compartir) ?(?:on|:)? ?(?:\w+ ?[|/·] ?){2,})",
)
# Segments joined by these, all short, make a breadcrumb trail: `Home > News > Title`.
_CRUMB_SEPARATOR = re.compile(r"\s+(?:>|»|›|/|→|\\)\s+")  # noqa: RUF001 (typographic punctuation on purpose)
# Menus flattened onto one line: `News | Sport | Business | Culture`.
_MENU_SEPARATOR = re.compile(r"\s*(?:\||·|•)\s*")
_SEPARATOR_CHARS = ">»›/→\\|·•"  # noqa: RUF001 (typographic punctuation on purpose)
_EXACT_MAX_CHARS = 60
_CONTAINS_MAX_WORDS = 40
_CJK_NOTICE_WORDS = frozenset(("無断転載", "著作権", "会員限定"))
_CJK_NOTICE_MAX_WORDS = 25


def classify_lines(lines: list[str], *, max_fragment_words: int = 12) -> list[str | None]:
    """`classify_boilerplate` for every line of a document: scans the page, not each line."""
    keys = [
        line.lower().rstrip(_TRAILING) if len(line) <= _EXACT_MAX_CHARS else "" for line in lines
    ]
    reasons = [_EXACT_WORDS.get(key) for key in keys]
    # Each test below runs only on the lines a cheap look at their start lets through.
    for i in [i for i, key in enumerate(keys) if key[:1] in _EXACT_FIRST or key[:1].isdigit()]:
        if reasons[i] is None and (match := _EXACT.match(keys[i])) is not None:
            reasons[i] = match.lastgroup
    for i in [
        i for i, key in enumerate(keys) if key.partition(" ")[0].rstrip(",|") in _SHARE_FIRST
    ]:
        if reasons[i] is None and is_share_row(keys[i]):
            reasons[i] = "share"
    openers = [
        i for i, line in enumerate(lines) if line[:3].lower() in _OPENERS or line[:1] in _ARROWS
    ]
    for i in openers:
        if reasons[i] is None:
            line = lines[i]
            reasons[i] = "related" if is_teaser_link(line) else labelled_link(line)
            if reasons[i] is None and is_follow_prompt(line):
                reasons[i] = "share"
    for i in [i for i, line in enumerate(lines) if line[-1:] in _CLOSING_MARKS]:
        if reasons[i] is None:
            reasons[i] = _bracketed_reason(lines[i])
    _mark_contained(lines, reasons)
    _mark_separated(lines, reasons, max_fragment_words)
    return reasons


def _bracketed_reason(line: str) -> str | None:
    """A teaser tagged `[VIDEO]`, a link followed by its count (`Hizbut Tahrir (5)`), or a
    link marked with an arrow (`Go to Home Page »`, `戦争・紛争 一覧へ>`)."""
    if line[-1] in _ARROWS_AFTER:
        return "navigation" if _ARROW_LINK.match(line) else None
    if line[-1] == ")":
        if _COUNTED_LINK.search(line) and line.count(" ") < 20:
            # `View comments (27)` is a count too, and opens the comments.
            return "comment_prompt" if is_comment_start(line) else "navigation"
    elif _TEASER_TAG.search(line) and line.count(" ") < 30:
        return "related"
    return None


# A short line ending in an arrow links elsewhere: `Go to Home Page »`, `Next Chapter →`,
# `戦争・紛争 一覧へ>` (81 such lines in the dev dumps; 5 in a truth: Readability keeps a
# `Más en Opinión` link). Not markup (`<b>`), not a quotation in guillemets (`Les « boîtes
# noires »`).
_ARROWS_AFTER = ">›»→"  # noqa: RUF001 (typographic arrows on purpose)
_ARROW_LINK = re.compile(r"(?!(?:\S+\s+){12})[^<«]*[^\s<>-]\s?(?:>|›|»|>>|→)$")  # noqa: RUF001
_CLOSING_MARKS = ")]|" + _ARROWS_AFTER
# A headline tagged with what it links to (`... jibe [INSIGHT]`, `... [VIDEO]`): a teaser.
# Citations in brackets (`[RFC2119]`, `[WORDS]`) are none of these words.
_TEASER_TAG = re.compile(
    r"\s\[(?:VIDEOS?|WATCH|PICTURES|PICS|PHOTOS|GALLERY|INSIGHT|REACTION|UPDATED?|LATEST|"
    r"REVEALED|POLL|LIVE|LISTEN|ANALYSIS|EXCLUSIVE)\]\W?$"
)
# A link followed by its count: a category and its posts (`Hizbut Tahrir (5)`), a headline
# and its comments (`Week 12 power rankings (133)`). A year in brackets is a citation.
_COUNTED_LINK = re.compile(r"\s\((?!(?:1[89]|20)\d\d\))\d{1,6}\)$")


# `Read more: <another story's title>`: a link to another story set in the text.
_TEASER_STARTS = (
    "read more", "read also", "also read", "related", "see also", "see more", "read article",
    "more on",
    "leia mais", "leia também", "lee también", "lea también", "lesen sie auch", "mehr zum",
    "à lire aussi", "lire aussi", "leggi anche",
)  # fmt: skip
_TEASER_FIRST = frozenset("rRsSlLmMàÀ")
_TEASER = re.compile(
    r"^(?:read more|read also|also read|related|see also|see more|more on this(?: story)?|"
    r"leia mais|"
    r"related (?:posts?|articles?|stor(?:y|ies)|links?|roundup|coverage|reading)|"
    r"leia também|lee también|lea también|lesen sie auch|mehr zum thema|à lire aussi|"
    r"lire aussi|leggi anche) ?: ?\S|^read article \S",
    re.IGNORECASE,
)
_TEASER_MAX_WORDS = 20


def is_teaser_link(line: str) -> bool:
    """`Read more: Tencent profit falls`, `Related: The 15 weirdest galaxies`."""
    return (
        line[:1] in _TEASER_FIRST
        and line[:14].lower().startswith(_TEASER_STARTS)
        and line.count(" ") < _TEASER_MAX_WORDS
        and _TEASER.match(line) is not None
    )


# `Follow us on Twitter`, `Follow NBC Latino on Facebook, Twitter and Instagram`: a prompt to
# follow the site elsewhere (51 such lines in the dev dumps, 1 of them in a truth).
_FOLLOW_STARTS = (
    "follow", "like us", "folgen sie", "folge uns", "síguenos", "suivez", "seguici",
)  # fmt: skip
_FOLLOW = re.compile(
    r"^(?:follow|like us|folgen sie|folge uns|síguenos|suivez|seguici)\s.{0,80}?"
    r"\b(?:twitter|facebook|instagram|youtube|linkedin|tiktok|flipboard|pinterest|telegram|"
    r"threads|bluesky|mastodon|snapchat|whatsapp|google news)\b",
    re.IGNORECASE,
)
_FOLLOW_MAX_WORDS = 25


def is_follow_prompt(line: str) -> bool:
    """`Follow us on Twitter`, `Síguenos en Facebook`: not the story's text."""
    return line.count(" ") < _FOLLOW_MAX_WORDS and _FOLLOW.match(line) is not None


# Labels that open a line of links rather than prose: `Tags: budget, council`, `Filed under:
# Politics`, `← Previous: <another story>`, `Next Auto News -`, `Up next`.
_TAGS = re.compile(
    r"^(?:tags?|tagged(?: with| in| as)?|tag cloud|filed (?:under|in)|topics|keywords|"
    r"schlagwörter|stichwörter|etiquetas|palabras clave|palavras-chave|mots-clés|argomenti)"
    r"(?:\s*:|\s*$|\s+(?!.*[.!?]$))",
    re.IGNORECASE,
)
_ADJACENT = re.compile(
    r"^(?:[-–—←‹«<]+\s*(?:previous|prev|next|older|newer)\b[^.!?]{0,40}|"  # noqa: RUF001
    r"(?:previous|prev|next|older|newer)\b[^.!?:]{0,30}\s*[-–—→›»>]+|"  # noqa: RUF001
    r"(?:previous|prev|next|older|newer)(?: (?:post|article|story|page|entry))?\s*:.{0,119}[^.]|"
    r"(?:up next|next up)(?: \w+){0,3}|(?:next|prev|previous)\W+(?:next|prev|previous))$",
    re.IGNORECASE,
)
# Every match starts with one of these: most lines are spared both regex scans.
_LABEL_STARTS = (
    "tag", "filed", "topics", "keywords", "schlagw", "stichw", "etiquetas", "palabras",
    "palavras", "mots-cl", "argomenti", "prev", "next", "older", "newer", "up next",
    "-", "–", "—", "←", "‹", "«", "<",  # noqa: RUF001
)  # fmt: skip
# The first three characters (lower case) of every teaser or label start, and the one-character
# starts: the lines `classify_lines` tests for a teaser or a label.
_ARROWS = frozenset(start for start in _LABEL_STARTS if len(start) == 1)
_OPENERS = frozenset(
    start[:3] for start in (*_TEASER_STARTS, *_LABEL_STARTS, *_FOLLOW_STARTS) if len(start) >= 3
)
_LABEL_MAX_WORDS = 40


def labelled_link(line: str) -> str | None:
    """The reason code of a line of tags (`related`) or of a link to the previous or next story
    (`navigation`); None for any other line."""
    if line.count(" ") >= _LABEL_MAX_WORDS:
        return None
    if _TAGS.match(line):
        return "related"
    return "navigation" if _ADJACENT.match(line) else None


# Networks and the words share bars put around them, in several languages: a short line made
# of these alone (`Share this on WhatsApp`, `Whatsapp Facebook Pint Baixar`) is a share bar.
_NETWORK_NAMES = """
    whatsapp facebook twitter x pinterest pint pin linkedin reddit telegram tumblr flipboard
    messenger email e-mail mail print sms vk line xing threads bluesky
"""
_SHARE_WORD_NAMES = """
    share shares sharing this on via with to the article story post page it save copy link
    tweet compartir compartilhar compartilhe partager teilen condividi baixar download
    imprimir drucken imprimer send enviar
"""
_NETWORKS = frozenset(_NETWORK_NAMES.split())
_SHARE_WORDS = frozenset(_SHARE_WORD_NAMES.split())
_SHARE_FIRST = _NETWORKS | frozenset(
    ("share", "sharing", "tweet", "save", "copy", "send", "compartir", "compartilhar",
     "compartilhe", "partager", "teilen", "condividi", "imprimir", "enviar")
)  # fmt: skip
_SHARE_ROW_MAX_WORDS = 8


def is_share_row(key: str) -> bool:
    """A lower-cased short line of network names and share words, at least one network."""
    if key.partition(" ")[0].rstrip(",|") not in _SHARE_FIRST:
        return False  # most lines: one dict lookup, no split
    words = key.replace(",", " ").replace("|", " ").split()
    if not words or len(words) > _SHARE_ROW_MAX_WORDS:
        return False
    networks = sum(word in _NETWORKS for word in words)
    # One network alone (`Email`, `Print`) is left to the exact word list: it may be a heading.
    return (
        networks >= 1
        and len(words) >= 2
        and all(word in _NETWORKS or word in _SHARE_WORDS for word in words)
    )


def _mark_contained(lines: list[str], reasons: list[str | None]) -> None:
    """Lines holding a `_CONTAINS` phrase; only lines with a key word get the regex scan."""
    # A line shorter than the word limit has fewer spaces too: most lines skip the count.
    open_lines = [
        i
        for i, reason in enumerate(reasons)
        if reason is None
        and (len(lines[i]) < _CONTAINS_MAX_WORDS or lines[i].count(" ") < _CONTAINS_MAX_WORDS)
    ]
    # Lower-casing line by line keeps ASCII lines on CPython's fast path.
    lowered = [lines[i].lower() for i in open_lines]
    starts = [0, *accumulate(len(line) + 1 for line in lowered)]
    for j in sorted(_lines_with_keys("\n".join(lowered), starts)):
        match = _CONTAINS.search(lowered[j])
        if match is not None and match.group() in _CJK_NOTICE_WORDS:
            # Japanese has no spaces to count: a notice (著作権は..., 無断転載を禁じます,
            # この記事は会員限定です) is short, a longer line naming 著作権 is a story.
            match = match if count_words(lowered[j]) <= _CJK_NOTICE_MAX_WORDS else None
        reasons[open_lines[j]] = match.lastgroup if match is not None else None


def _mark_separated(lines: list[str], reasons: list[str | None], max_fragment_words: int) -> None:
    """Breadcrumbs and flat menus among the lines holding a separator character."""
    text = "\n".join(lines)
    found: set[int] = set()
    # One `in` scan per character is far cheaper than a regex scan of the page.
    present = [char for char in _SEPARATOR_CHARS if char in text]
    for char in present:
        found.update(i for i, line in enumerate(lines) if char in line)
    for i in found:
        # Three crumbs or menu items need two separators: one alone (a date, a URL) is no menu.
        if reasons[i] is None and sum(map(lines[i].count, present)) >= 2:
            reasons[i] = _separator_reason(lines[i], max_fragment_words)


def _lines_with_keys(lowered: str, starts: list[int]) -> set[int]:
    found: set[int] = set()
    for key, anchor in _KEY_ANCHORS:
        # A key's rarest (non-ASCII) character is found fast, or spares the slower key search.
        if anchor and anchor not in lowered:
            continue
        at = lowered.find(key)
        while at != -1:
            found.add(bisect_right(starts, at) - 1)
            at = lowered.find(key, at + 1)
    return found


def _separator_reason(line: str, max_fragment_words: int) -> str | None:
    if is_breadcrumb(line):
        return "breadcrumb"
    if is_flat_menu(line, max_fragment_words):
        return "navigation"
    return None


def classify_boilerplate(line: str, *, max_fragment_words: int = 12) -> str | None:
    """The reason code if `line` is known boilerplate on its own, else None."""
    return classify_lines([line], max_fragment_words=max_fragment_words)[0]


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
    # Words as `count_words` counts them: a Chinese sentence has no spaces, and the `·` between
    # a transliterated name's parts (巴兹·奥尔德林) must not make it a menu of three "words".
    return (
        all(count_words(item) <= 4 for item in items)
        and count_words(line) <= 3 * len(items) + max_fragment_words
    )


# The start of a comment section: everything after it is readers' text, not the article.
_COMMENT_START = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|thoughts|kommentare|comentarios|comentários|"
    r"commenti)\b.*|there (?:are|is) \d+ (?:comments?|responses?|replies)(?: (?:on|to) .*[^.])?|"
    r"(?:comments?|kommentare|comentarios|comentar|comentários|commentaires|commenti|コメント)"
    r"(?:\s*\(\d+\))?|"
    r"(?:leave|post|add|write) a (?:reply|comment).*|join the (?:discussion|conversation).*|"
    r"(?:deja (?:un|tu) comentario|deixe (?:um|seu) comentário|lascia un commento|"
    r"laisser un commentaire|kommentar schreiben).*|"
    r"(?:discussion|reader comments|top (?:rated )?comments)|(?:show|view) comments\b.*|"
    r".*\bcomments powered by disqus\.?|"
    r".{1,60}\b(?:says|said|wrote|schreibt|dice|dijo)\s*:)$",
    re.IGNORECASE,
)
# Bylines, datelines and picture credits: short lines about the article, not of it.
# A byline or credit opens the line; a date may sit anywhere in it. Three patterns, so that
# each runs only where it can match: one case-blind scan for month names on every line with a
# digit was the slowest regex of the text cleaner (issue 3: >= 1000 pages/s).
_META_START = re.compile(
    r"(?:by|von|por|par|posted by|written by|published|updated|\(?photo|\(?image|\(?credit|"
    r"\(?foto|\(?bild|\(?getty|reuters|ap photo|afp)\b|(?:source|quelle|fuente)\s*:",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    r"\d(?:\d?[./]\d{1,2}[./]\d{2,4}|\d{3}-\d{2}-\d{2}|\d{3}年\d{1,2}月\d{1,2}日)"
)
# A year and a clock time, in either order: `28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)`.
_YEAR_AND_TIME = re.compile(
    r"\b(?:19|20)\d\d\b.{0,40}?\b[0-2]?\d:[0-5]\d\b|\b[0-2]?\d:[0-5]\d\b.{0,40}?\b(?:19|20)\d\d\b"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_DATE = re.compile(rf"(?i:(?:{'|'.join(_MONTHS)})[a-z]*)\.? \d{{1,2}},? \d{{4}}")


# A commenter's name has none of these (`The president said:` is a story's line).
_FUNCTION_WORDS = vocabulary(None)
# Every `_COMMENT_START` match begins with a digit or one of these words, or ends with `:`.
_COMMENT_FIRST = (
    "comment", "kommentar", "comentar", "comentá", "コメント", "leave", "post", "add", "write",
    "join", "discussion", "reader", "show", "view", "top", "blog", "please", "deja", "deixe",
    "lascia", "laisser", "there are", "there is",
)  # fmt: skip


def is_comment_start(line: str) -> bool:
    """A line that opens a comment section (`12 Comments`, `Leave a Reply`, `Ann says:`)."""
    if line[:1] in "[(":
        line = line.strip("[]() ")  # a counter in brackets: `[ 167 comments ]`
    if len(line) > 120 or not (
        line[-1:] == ":" or line[:1].isdigit() or line[:12].lower().startswith(_COMMENT_FIRST)
    ):
        return False  # most lines: no regex scan
    if no_comments(line) or _COMMENT_START.match(line) is None:
        return False
    return not line.endswith(":") or _names_a_commenter(line)


def no_comments(line: str) -> bool:
    """`0 Comments`, `No comments`: a counter saying there is no thread, often in the story's
    header, so what follows it is the story, not readers' comments."""
    return line[:2] == "0 " or line[:11].lower() == "no comments"


def _names_a_commenter(line: str) -> bool:
    """`Ann Lee says:` or `Ann on July 3, 2015 at 1:23 pm said:` heads a comment; a story's
    `The president said:` or `In an interview, Obama also said:` introduces a quote."""
    words = line.lower().split()[:-1]
    return any(char.isdigit() for char in line) or (
        len(words) <= 4 and not any(word.strip(",") in _FUNCTION_WORDS for word in words)
    )


# Every `_META_LINE` match starts with one of these words or holds a digit: a cheap test that
# spares most lines the regex scan (issue 3: text dumps at >= 1000 pages/s).
_META_STARTS = (
    "by", "von", "por", "par", "posted", "written", "published", "updated", "photo", "image",
    "credit", "source", "foto", "bild", "quelle", "fuente", "(getty", "getty", "reuters", "ap",
    "afp", "(photo", "(image", "(credit", "(foto", "(bild",
)  # fmt: skip
# A picture's credit (`Photo: AP`, `(Image credit: NASA)`): the line above it is the caption.
_PICTURE_CREDIT = re.compile(
    r"\(?(?:(?:photo|image|picture|foto|bild)s?(?: credit)?|credit|courtesy)\s*:", re.IGNORECASE
)


def is_picture_credit(line: str) -> bool:
    """`Photo: AP`, `Image credit: WeWork`, `(Image credit: Blue Origin)`."""
    return _PICTURE_CREDIT.match(line) is not None


_DIGIT = re.compile(r"\d")


def is_meta_line(line: str) -> bool:
    """A byline, dateline or picture credit (`By Ann Lee`, `Nov 19, 2019`, `Photo: AP`)."""
    if (
        line.count(" ") > 13
        or (line[:1] == "—" and "(@" in line)
        or line.startswith(("http://", "https://"))
    ):
        # Too long; the signature of a post the story quotes (`— Ann (@ann) ...`); an address
        # whose path holds a date (`.../2011/09/07/...`).
        return False
    if opens_as_byline(line):
        return count_words(line) <= 14
    if _DIGIT.search(line) is None:
        return False  # no byline word and no date: most lines stop here
    # Words as `count_words` counts them: Japanese and Chinese have no spaces.
    return count_words(line) <= 14 and _holds_date(line)


def opens_as_byline(line: str) -> bool:
    """The line starts as a byline or picture credit does (`By`, `Posted by`, `Photo:`)."""
    return line[:12].lower().startswith(_META_STARTS) and _META_START.match(line) is not None


def _holds_date(line: str) -> bool:
    if _NUMERIC_DATE.search(line) or (":" in line and _YEAR_AND_TIME.search(line)):
        return True
    lowered = line.lower()
    return any(month in lowered for month in _MONTHS) and _MONTH_DATE.search(line) is not None
