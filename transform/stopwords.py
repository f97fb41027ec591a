"""Stop words of the languages the cleaners know, and the share of them in a text."""

from __future__ import annotations

import re
from collections import Counter

# Function words only: prose is full of them, menus and link lists are not.
_FUNCTION_WORDS = {
    "en": """
        a about after all also an and any are as at be been but by can could did do does for
        from had has have he her his i if in into is it its may more most no not of on one or
        our out she so than that the their them then there these they this to up was we were
        what when where which while who will with would you
    """,
    "de": """
        aber als am an auch auf aus bei bis das dass dem den der des die dies doch du ein eine
        einem einen einer es für hat hatte ich ihr im in ist jetzt kann mit nach nicht noch nur
        oder sich sie sind so über um und uns vom von vor war wenn werden wie wir wird zu zum
        zur
    """,
    "es": """
        a al algo como con de del desde donde el ella ellos en entre era es esta este fue ha han
        hay la las le les lo los más mi muy no o para pero por que qué se ser si sin sobre su
        sus también un una uno y ya
    """,
    "fr": """
        à au aux avec ce ces cette dans de des du elle en est et il ils la le les leur mais ne
        nous on ou par pas plus pour qu que qui sa se ses son sont sur un une était été
    """,
    "pt": """
        a ao as com como da das de do dos e ela ele em entre era é foi mais mas na nas no nos o
        os ou para pela pelo por que se sem sua seu são também um uma
    """,
    "it": """
        a al alla anche che chi come con da del della di e è gli ha il in la le lo ma nel non
        per più se si sono su tra un una
    """,
    "nl": """
        aan al als bij dan dat de deze die dit door een en er had heeft het hij hoe ik in is
        je maar met na naar niet nog of om ook op over te tot uit van voor was wat werd wel
        worden wordt zal ze zich zijn zo
    """,
    "pl": """
        a ale aby bo by był była było być czy dla do gdy go i ich jak jako jednak jego jej
        jest już która które który ma może na nie nich nim o od oraz po pod przez przy się
        są ta tak także te tego tej to tylko tym w we więc z za ze że
    """,
    "cs": """
        a aby ale ani by byl byla bylo být co do i jak jako je jeho její jsou již jen k kde
        když která které který na ne nebo než o od po pro před při s se si tak také to tu
        už v ve z za že
    """,
    "ru": """
        а без бы был была были было быть в вы да для до его её ее если есть же за и из или
        им их к как когда ли мы на над не нет ни но о об он она они от по под при про с со
        так также то того только уже у что чтобы это этот эти я
    """,
    "tr": """
        ama bir biz bu da daha de diye en gibi göre her için ile ise kadar ki mi ne o olan
        olarak olduğu sonra şu ve veya ya çok
    """,
    "id": """
        ada adalah akan atau bahwa bisa dalam dan dari dengan di ia ini itu juga kami ke
        kepada mereka oleh pada saat sebagai sudah tidak untuk yang
    """,
    "ar": """
        في من على إلى الى أن ان عن مع هذا هذه ذلك تلك التي الذي الذين كان كانت قد لا ما لم
        لن هو هي هم ثم أو او بين كل بعد قبل حتى إن إذا اذا كما عند منذ خلال حول ضد لكن بل
        أي غير وفي ومن وعلى وأن وقال وقد ولم
    """,
    "fa": """
        و در به از که این را با است برای آن یک می تا هم شد شده بود کرد نیز اما یا بر
    """,
    "he": """
        של את על עם זה זו לא כי גם הוא היא הם אם או אבל כל היה היו אל בין אחרי לפני
    """,
    "hi": """
        का की के में है हैं और से को पर यह वह भी नहीं एक लिए था थी थे ने कि तो हो जो
    """,
    "el": """
        και το η ο οι να του της των σε με για από που τα την τον τους τις στο στην στη
        στον στα στις είναι ήταν έχει θα δεν ότι όπως αλλά ή μια ένα ένας μετά κατά αυτό
    """,
    "vi": """
        của và là có được cho không những này với các một người trong đã để khi thì cũng
        như đến từ theo về sẽ nhưng nhiều đang sau trước qua vào ra rằng đó vì nên bị tại
        hơn rất nếu
    """,
}
STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()
}
# A text of unknown language is read with the words of these: Latin-script lists beyond them
# share short words with English (`over`, `her`, `by`, `go`) that would make English menus read
# as prose; the others (Cyrillic, Arabic, Persian, Hebrew, Devanagari, Greek) have their own script.
_DEFAULT_LANGUAGES = ("en", "de", "es", "fr", "pt", "it", "ru", "ar", "fa", "he", "hi", "el")
_ALL = frozenset().union(*(STOPWORDS[language] for language in _DEFAULT_LANGUAGES))
_WORD = re.compile(r"\w+")
# Japanese prose is written with hiragana particles and endings; menus are kanji and katakana.
_KANA = re.compile(r"[\u3040-\u309f]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Chinese has no kana: its prose is told by its most frequent function characters
# (particles, pronouns, prepositions; simplified and traditional forms). They make up a
# tenth to a quarter of a sentence's characters, a third of the kana share of Japanese prose,
# hence the scale that puts both on the scale of the word lists' shares.
_CHINESE_FUNCTION = re.compile(
    "[的了是在和有也就不都而及与與这這那他她们們说說将將对對被把从從但为為以之其于於到个個要会會着著还還]"
)
_CHINESE_SCALE = 3.0


def stopword_ratio(text: str, language: str | None = None) -> float:
    """Share of function words among the words of `text` (hiragana share for Japanese,
    function characters for Chinese)."""
    if not text.isascii() and _CJK.search(text) is not None:
        cjk = len(_CJK.findall(text))
        if cjk > len(text) // 3:
            kana = len(_KANA.findall(text))
            if kana:
                return kana / cjk
            return min(1.0, _CHINESE_SCALE * len(_CHINESE_FUNCTION.findall(text)) / cjk)
    # Splitting on spaces is several times faster than a word regex and misses only
    # stop words glued to punctuation, which are rare.
    return function_word_share(text, vocabulary(language))


def vocabulary(language: str | None) -> frozenset[str]:
    """The function words of `language`, or of all known languages if it is unknown."""
    return STOPWORDS.get(language or "", _ALL)


def function_word_share(text: str, words_of: frozenset[str]) -> float:
    """Share of `words_of` among the space-separated words of `text`, without the CJK test."""
    words = text.lower().split()
    if not words:
        return 0.0
    return sum(map(words_of.__contains__, words)) / len(words)


def guess_language(text: str) -> str | None:
    """The language whose stop words cover most of `text`, or None if too little text."""
    if len(_CJK.findall(text)) > len(text) // 3:
        return "ja" if _KANA.search(text) else "zh"
    words = text[:6000].lower().split()
    if len(words) < 20:
        return None
    seen = Counter(words)
    counts = {lang: sum(seen[w] for w in vocab) for lang, vocab in STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 0.1 * len(words) else None
