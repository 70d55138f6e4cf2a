"""The page's language, guessed from stopwords, and word counting that also works without spaces.

Stopword lists come from stopwords-iso (the `stopwordsiso` package), which covers 58 languages.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import stopwordsiso

_WORD = re.compile(r"\w+")
# Han, kana and hangul: scripts written without spaces between words.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_CHARS_PER_WORD = 2  # a rough word length for Chinese, Japanese and Korean text
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
    index = _index()
    # casefolding never makes or takes a space, so the words can be folded in one go
    counts = Counter(" ".join(tokens).casefold().split(" ")) if tokens else Counter()
    # each distinct word once, times its count; languages enter `hits` in the order they are first met, and
    # max() keeps the first of equal counts: the same answer as counting word by word
    hits: dict[str, int] = {}
    for langs, count in zip(map(index.get, counts), counts.values()):
        for lang in langs or ():
            hits[lang] = hits.get(lang, 0) + count
    if not hits:
        return None
    lang = max(hits, key=hits.__getitem__)
    return lang if hits[lang] >= len(tokens) * MIN_HIT_SHARE else None


def _first_tokens(sample: str, limit: int) -> list[str]:
    """The first `limit` words of `sample`, reading no more of it than needed (a word cut at the edge is no word)."""
    size = limit * 12
    while size < len(sample):
        tokens = _WORD.findall(sample, 0, size)
        if len(tokens) > limit:
            return tokens[:limit]
        size *= 4
    return _WORD.findall(sample)[:limit]


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
