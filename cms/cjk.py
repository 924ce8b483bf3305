"""Chinese text for a full-text index that splits words at spaces.

The database search backends (SQLite FTS5, PostgreSQL ``tsvector``) find words between
spaces and punctuation, and a run of Chinese characters has none: ``装修申报须知`` is one
"word" and a search for ``装修`` finds nothing. As CJK analysers do, the index holds every
character and every pair of neighbouring characters (unigrams and bigrams), and a query
is cut the same way: a query of two or more characters asks for all its bigrams, which
every text containing it also holds.
"""

import re

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[^\s{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_terms(text: str) -> str:
    """``"装修须知"`` -> ``"装 修 须 知 装修 修须 须知"``; other words are kept as they are."""
    terms: list[str] = []
    for run in _RUN.findall(text or ""):
        if _IS_CJK.match(run):
            terms.extend(run)
            terms.extend(_bigrams(run))
        else:
            terms.append(run)
    return " ".join(terms)


def query_terms(query: str) -> str:
    """``"装修申报"`` -> ``"装修 修申 申报"``; a single character stays as it is."""
    terms: list[str] = []
    for run in _RUN.findall(query or ""):
        if _IS_CJK.match(run) and len(run) > 1:
            terms.extend(_bigrams(run))
        else:
            terms.append(run)
    return " ".join(terms)
