"""Leaving other people out of a key person's copy of their data (AVG art. 15(4)).

The right of access must not adversely affect the rights and freedoms of others. Notes about a conversation
with one key person can hold details of another ("her brother went to a demonstration"), so before a text
goes into the copy:

- the names of other key persons, and e-mail addresses and telephone numbers that are not the person's own,
  are replaced with "[een ander]";
- a sentence that speaks of a relative, partner, friend, neighbour or colleague ("broer", "zus", "buurman",
  "brother", …) is left out as a whole, with a note that it was left out, because what follows such a word is
  about that other person;
- from texts that are not the person's own (another person's contact notes, a signal, a network) only the
  sentences that mention the person are taken, treated the same way.
"""

import re
from collections.abc import Iterable

from .mentions import Patterns, bounded, capitalised, letters

OTHER = "[een ander]"
LEFT_OUT = "[weggelaten: gaat ook over een ander (AVG art. 15 lid 4)]"
RELATIONS = (
    # Dutch
    "broer", "broers", "broertje", "zus", "zussen", "zusje", "zuster", "vader", "moeder", "ouders", "zoon", "zonen",
    "dochter", "dochters", "kind", "kinderen", "man", "vrouw", "echtgenoot", "echtgenote", "partner", "vriend",
    "vriendin", "vrienden", "neef", "nicht", "oom", "tante", "opa", "oma", "grootvader", "grootmoeder", "kleinkind",
    "schoonvader", "schoonmoeder", "schoonzus", "zwager", "buurman", "buurvrouw", "buren", "collega", "collega's",
    "familie", "familielid", "verloofde",
    # English
    "brother", "sister", "father", "mother", "parents", "son", "daughter", "child", "children", "husband", "wife",
    "spouse", "boyfriend", "girlfriend", "friend", "cousin", "nephew", "niece", "uncle", "aunt", "grandfather",
    "grandmother", "neighbour", "neighbor", "colleague", "relative", "fiancé", "fiancée",
)  # fmt: skip
_RELATION = re.compile(bounded("(?i:" + "|".join(re.escape(word) for word in RELATIONS) + ")"))
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+|00)?\d(?:[\s./()-]{0,2}\d){8,13}(?!\d)")
# A full stop after an initial or a form of address does not end a sentence ("Y. Bakkali", "mw. De Vries").
_NOT_AN_END = re.compile(
    r"(?:\b[A-Z]|\b(?i:mw|mevr|dhr|mr|mrs|dr|drs|ir|ing|prof|bijv|o\.a|ca|nr|tel|zgn))\.$"
)


def sentences(text: str) -> list[str]:
    pieces = [piece for piece in re.split(r"(?<=[.!?])\s+|\n+", text) if piece.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and _NOT_AN_END.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece.strip())
    return merged


def others_pattern(subject_name: str, other_names: Iterable[str]) -> re.Pattern | None:
    """The names of other key persons: full, and the surname alone unless the subject shares it."""
    subject_words = {word.lower() for word in subject_name.split()}
    parts = []
    for name in other_names:
        words = name.split()
        if not words:
            continue
        parts.append(bounded(f"(?i:{letters(name)})"))
        surname = words[-1]
        if len(words) > 1 and len(surname) >= 3 and surname.lower() not in subject_words:
            parts.append(bounded(capitalised(surname)))
    return re.compile("|".join(parts)) if parts else None


class Redactor:
    """Takes other people out of the texts of one person's copy (see the module docstring)."""

    def __init__(self, subject: Patterns, others: re.Pattern | None):
        self.subject = subject
        self.others = others

    def _own(self, text: str, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e, _kind in self.subject.find(text, linked=True))

    def _sentence(self, sentence: str) -> str:
        if _RELATION.search(sentence):
            return LEFT_OUT
        for pattern in (_EMAIL, _PHONE):
            sentence = pattern.sub(
                lambda m, s=sentence: m.group() if self._own(s, m.start(), m.end()) else OTHER, sentence
            )
        if self.others is not None:
            protected = [
                (s, e) for s, e, kind in self.subject.find(sentence, linked=True) if kind != "surname"
            ]
            sentence = self.others.sub(
                lambda m: m.group() if any(s <= m.start() and m.end() <= e for s, e in protected) else OTHER,
                sentence,
            )
        return sentence

    def own_text(self, text: str) -> str:
        """A text about the person (their own contact notes): every sentence, other people taken out."""
        return " ".join(_squash(self._sentence(s) for s in sentences(text)))

    def mention(self, text: str) -> str:
        """A text about something else: only the sentences that mention the person, other people taken out."""
        kept = [s for s in sentences(text) if self.subject.find(s, linked=False)]
        return " ".join(_squash(self._sentence(s) for s in kept))


def _squash(parts: Iterable[str]) -> list[str]:
    """One note for several sentences left out in a row."""
    result: list[str] = []
    for part in parts:
        if not (part == LEFT_OUT and result and result[-1] == LEFT_OUT):
            result.append(part)
    return result
