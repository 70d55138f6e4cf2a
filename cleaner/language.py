"""The page's language, guessed from stopwords, and word counting that also works without spaces.

Stopword lists come from stopwords-iso (the `stopwordsiso` package), which covers 58 languages.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import compress, repeat

import stopwordsiso

_WORD = re.compile(r"\w+")
# Han, kana and hangul: scripts written without spaces between words.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_CHARS_PER_WORD = 2  # a rough word length for Chinese, Japanese and Korean text
CHARS_PER_TOKEN = 7  # most pages' words take 5.5 to 6.5 characters with the spaces and signs between
SAMPLE_TOKENS = 1500  # the first words of the page: enough for stopwords to tell its language
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
    if not sample.isascii() and len(_CJK.findall(sample)) > len(sample) * 0.2:
        return "cjk"
    tokens = _first_tokens(sample, SAMPLE_TOKENS)
    counts = Counter(tokens)
    # each distinct spelling once, times its count, folded after counting (a third of the words to fold);
    # casefolding never makes or takes a space, so the spellings can be folded in one go
    folded = " ".join(counts).casefold().split(" ")
    owners = list(map(_index().get, folded, repeat(())))  # () for a word no stopword list holds
    # languages enter `hits` in the order they are first met (a word's first spelling comes first), and
    # max() keeps the first of equal counts: the same answer as counting word by word. compress() skips,
    # in C, the words without languages.
    hits: dict[str, int] = {}
    for langs, count in compress(zip(owners, counts.values()), owners):
        for lang in langs:
            hits[lang] = hits.get(lang, 0) + count
    if not hits:
        return None
    lang = max(hits, key=hits.__getitem__)
    return lang if hits[lang] >= len(tokens) * MIN_HIT_SHARE else None


def _first_tokens(sample: str, limit: int) -> list[str]:
    """The first `limit` words of `sample`, reading no more of it than needed.

    The sample is read in pieces sized for the words still missing, each cut at a space: no word straddles
    a cut, so the pieces' words are the sample's words.
    """
    tokens: list[str] = []
    start = 0
    while len(tokens) < limit and start < len(sample):
        end = sample.find(" ", start + (limit - len(tokens)) * CHARS_PER_TOKEN)
        end = len(sample) if end < 0 else end
        tokens += _WORD.findall(sample, start, end)
        start = end
    return tokens[:limit]


def word_count(text: str) -> int:
    """Words in `text`, counting CJK characters as words of two characters."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(text.split())
    return len(_CJK.sub(" ", text).split()) + max(1, cjk // CJK_CHARS_PER_WORD)


def stopword_share(text: str, words: frozenset[str]) -> float:
    """Share of the tokens of `text` that are stopwords of the page's language."""
    tokens = _WORD.findall(text.casefold())
    if not tokens or not words:
        return 0.0
    return sum(1 for t in tokens if t in words) / len(tokens)
