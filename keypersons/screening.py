"""Free text that would smuggle a special category (AVG art. 9) or a person's name into the network.

The words are data, not code: keypersons/data/special_terms.toml (Dutch and English, per category, with word
forms and spellings; its header says how a term is read). This module reads that list and finds the terms in a
text; services/screening.py applies it, with the names of key persons, to every free-text field before saving.
It imports no model, so the lexicon can be tested on its own.
"""

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LEXICON = Path(__file__).parent / "data" / "special_terms.toml"
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    category: str  # a SpecialCategory value, or "name"


def fold(text: str) -> str:
    """The text without accents, one character for one character, so positions stay the same."""
    return "".join(unicodedata.normalize("NFKD", c)[0] if c.isalpha() else c for c in text)


def _regex(term: str) -> re.Pattern:
    exact = term.startswith("=")
    term = term.lstrip("=")
    body = r"[\s\-]+".join(re.escape(fold(word)) for word in re.split(r"[\s\-]+", term.strip("*")))
    before = r"\w*" if term.startswith("*") else ""
    after = r"\w*" if term.endswith("*") else ""
    pattern = rf"(?<!\w){before}{body}{after}(?!\w)"
    return re.compile(pattern, 0 if exact else re.IGNORECASE)


@cache
def lexicon() -> dict[str, tuple[str, list[str], re.Pattern]]:
    """Per category: its label, its terms and one pattern that finds any of them (in folded text)."""
    data = tomllib.loads(LEXICON.read_text(encoding="utf-8"))
    result = {}
    for category, entry in data.items():
        terms = entry["terms"]
        patterns = [_regex(term) for term in terms]
        exact = [p.pattern for p in patterns if not p.flags & re.IGNORECASE]
        loose = [p.pattern for p in patterns if p.flags & re.IGNORECASE]
        combined = "|".join([*(f"(?-i:{p})" for p in exact), *loose])
        result[category] = (entry["label"], terms, re.compile(combined, re.IGNORECASE))
    return result


def find_terms(text: str, *, allowed=()) -> list[Hit]:
    """Every special-category term in `text`, except those of the `allowed` categories."""
    folded = fold(text)
    hits = []
    for category, (_label, _terms, pattern) in lexicon().items():
        if category in allowed:
            continue
        hits += [Hit(m.start(), m.end(), category) for m in pattern.finditer(folded) if m.end() > m.start()]
    return sorted(hits, key=lambda hit: (hit.start, -hit.end))


def marked(text: str, hits: list[Hit]) -> SafeString:
    """The sentences of `text` that hold a hit, each hit in <mark>, escaped, joined by " … "."""
    spans = sorted({(hit.start, hit.end) for hit in hits})
    sentences = []
    for sentence in SENTENCE.finditer(text):
        inside = [(s, e) for s, e in spans if sentence.start() <= s < sentence.end()]
        if not inside:
            continue
        out, at = [], sentence.start()
        for start, end in inside:
            if start < at:
                continue
            out += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
            at = end
        out.append(escape(text[at : sentence.end()]))
        sentences.append("".join(out).strip())
    return mark_safe(" … ".join(sentences))  # every piece of the text is escaped above
