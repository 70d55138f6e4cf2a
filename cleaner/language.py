"""The page's language, guessed from stopwords, and word counting that also works without spaces.

Stopword lists come from stopwords-iso (the `stopwordsiso` package), which covers 58 languages.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import stopwordsiso

# Characters outside ASCII that are no word characters: curly quotes, dashes, no-break spaces...
_NON_ASCII_SEPARATOR = re.compile(r"[^\x00-\x7f\w]")
# A bytes.translate table making the ASCII bytes that are no word characters spaces, keeping the rest (word
# characters, and the UTF-8 of the characters beyond ASCII, whose bytes are all 0x80 or more).
_ASCII_SEPARATOR_TO_SPACE = bytes(b if b >= 0x80 or chr(b).isalnum() or chr(b) == "_" else ord(" ")
                                  for b in range(256))
# Han, kana and hangul: scripts written without spaces between words.
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]{{2,}}")
CJK_CHARS_PER_WORD = 2  # a rough word length for Chinese, Japanese and Korean text
CHARS_PER_TOKEN = 7  # most pages' words take 5.5 to 6.5 characters with the spaces and signs between
SAMPLE_TOKENS = 1500  # the first words of the page: enough for stopwords to tell its language
CJK_MIN_SHARE = 0.2  # above this share of Han, kana and hangul characters, a page is told apart as 'cjk'
MIN_HIT_SHARE = 0.08  # below this share of stopword tokens, no list fits the page


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """Each stopword and the languages whose list holds it (alphabetic words only)."""
    owners: dict[str, list[str]] = {}
    for lang in sorted(stopwordsiso.langs()):
        for word in stopwordsiso.stopwords(lang):
            if word.isalpha():
                owners.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in owners.items()}


@lru_cache(maxsize=64)
def stopwords(lang: str | None) -> frozenset[str]:
    """The stopword list of `lang` (ISO 639-1), empty for None or an unknown code."""
    if not lang or lang == "cjk" or not stopwordsiso.has_lang(lang):
        return frozenset()
    return frozenset(w for w in stopwordsiso.stopwords(lang) if w.isalpha())


def detect(text: str) -> str | None:
    """ISO 639-1 code of the language whose stopwords cover most of `text`; 'cjk' for unspaced scripts;
    None if unsure."""
    sample = text[:200_000]
    if _mostly_cjk(sample):
        return "cjk"
    words = _first_words(sample, SAMPLE_TOKENS)
    owners = _index()
    # only the stopwords are counted (the filter runs in C): the other words add to no language's hits
    counts = Counter(filter(owners.__contains__, words))
    # languages enter `hits` in the order they are first met (a word's first place, whatever its spelling), and
    # max() keeps the first of equal counts: the same answer as counting word by word
    hits: dict[str, int] = {}
    for langs, count in zip(map(owners.__getitem__, counts), counts.values()):
        for lang in langs:
            hits[lang] = hits.get(lang, 0) + count
    if not hits:
        return None
    lang = max(hits, key=hits.__getitem__)
    return lang if hits[lang] >= len(words) * MIN_HIT_SHARE else None


def _mostly_cjk(sample: str) -> bool:
    """Whether more than a fifth of `sample`'s characters are Han, kana or hangul.

    Each of those takes three bytes in UTF-8, two more than its one character, and no character takes fewer
    bytes than characters: the bytes beyond the characters bound their number, and rule most pages out
    without the slower count (surrogates, passed through, take three bytes too and only loosen the bound).
    """
    if sample.isascii():
        return False
    share = len(sample) * CJK_MIN_SHARE
    if (len(sample.encode("utf-8", "surrogatepass")) - len(sample)) / 2 <= share:
        return False
    return len(_CJK.findall(sample)) > share


def _first_words(sample: str, limit: int) -> list[str]:
    """The first `limit` words (`\\w+` runs) of `sample`, casefolded, reading no more of it than needed.

    The sample is read in pieces sized for the words still missing, each cut at a space: no word straddles
    a cut, so the pieces' words are the sample's words.
    """
    words: list[str] = []
    start = 0
    while len(words) < limit and start < len(sample):
        end = sample.find(" ", start + (limit - len(words)) * CHARS_PER_TOKEN)
        end = len(sample) if end < 0 else end
        words += _spaced_words(sample[start:end]).casefold().split()
        start = end
    del words[limit:]  # in place rather than a copy of the list
    return words


def _spaced_words(text: str) -> str:
    """`text` with each character that is no word character made a space: its split() gives the \\w+ runs of
    `text`, as re.findall would.

    Two passes in C instead of a regex match per word (twice as fast): a regex search for the rarer separators
    beyond ASCII, then a translation of the ASCII ones on the UTF-8 bytes. (No word character is a space, and
    casefolding a word character gives no space, so the words can also be casefolded before the split.)
    """
    beyond_ascii_spaced = _NON_ASCII_SEPARATOR.sub(" ", text)  # lone surrogates go too: the encoding cannot fail
    return beyond_ascii_spaced.encode().translate(_ASCII_SEPARATOR_TO_SPACE).decode()


def word_count(text: str) -> int:
    """Words in `text`, counting CJK characters as words of two characters."""
    if text.isascii():  # most lines: no CJK character to look for
        return len(text.split())
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(text.split())
    return len(_CJK.sub(" ", text).split()) + max(1, cjk // CJK_CHARS_PER_WORD)


def cjk_pairs(text: str) -> set[str]:
    """The pairs of neighbouring Han, kana or hangul characters of `text`: what stands for its words in scripts
    written without spaces (two characters, CJK_CHARS_PER_WORD, being a typical word there)."""
    return {run[k:k + 2] for run in _CJK_RUN.findall(text) for k in range(len(run) - 1)}


def stopword_share(text: str, words: frozenset[str]) -> float:
    """Share of the tokens of `text` that are stopwords of the page's language."""
    tokens = _spaced_words(text.casefold()).split()  # the \w+ runs (see _spaced_words), cut in C
    if not tokens or not words:
        return 0.0
    return sum(map(words.__contains__, tokens)) / len(tokens)
