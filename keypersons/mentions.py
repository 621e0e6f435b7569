"""How a key person can be written down in free text: the patterns that find every mention (AVG art. 17).

A name is written in many ways: "Yasmina Bakkali", "mevrouw Bakkali", "Y. Bakkali", "dhr. De Vries",
"Bakkali, Yasmina", a telephone number as 0611223344, 06-11 22 33 44 or +31 6 1122 3344, an e-mail address
in any case. This module turns one person into the patterns for all of these; services/mentions.py runs them
over every text column of the database.

The rule for what counts as a mention (shown to the director before an erasure is confirmed):

- the e-mail address and the telephone number, in any format, anywhere;
- the full name, and the surname with a title ("mevrouw", "mw.", "meneer", "dhr.", "de heer", …), with
  initials ("Y. Bakkali", "Y.B. Bakkali") or with a first name, in any case, anywhere;
- the surname on its own (with its particles: "de Vries", "El Amrani") anywhere, but only written with its
  capital, so that a surname that is also a word ("Bakker", "de Boer") does not wipe "de bakker" or "de boer op";
- the first name on its own, written with its capital, only where it is plausibly this person: in a text that
  belongs to them (their record, their contact moments, actions, ties, the networks they are tied to, the
  reminders and requests about them) or in a text that names them in one of the ways above as well.

Letters with and without accents count as the same ("Zoë" and "Zoe", "Öztürk" and "Ozturk"). Every pattern
stops at word boundaries, so "Ali" does not match "Alien" and "Yasmina" does not match "Yasminaweg".
"""

import re
import unicodedata
from dataclasses import dataclass

# Surname particles (tussenvoegsels and their equivalents in names common in Maastricht).
PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "'t",
        "in",
        "op",
        "von",
        "vom",
        "zu",
        "la",
        "le",
        "du",
        "da",
        "das",
        "dos",
        "del",
        "della",
        "di",
        "el",
        "al",
        "ben",
        "bin",
        "ibn",
        "abu",
    ]
)
# Forms of address before a surname, with or without a full stop.
TITLES = (
    "mevrouw", "mevr", "mw", "mej", "mejuffrouw", "juffrouw", "juf", "meneer", "mijnheer", "mnr", "dhr", "de heer",
    "heer", "mr", "mrs", "ms", "miss", "dr", "drs", "ir", "ing", "prof", "imam", "pastoor", "dominee", "ds",
)  # fmt: skip
# Letters that may be written with or without an accent.
_ACCENTED = {
    "a": "aàáâãäåā", "c": "cçćč", "e": "eèéêëēė", "g": "gğ", "i": "iìíîïīı", "n": "nñń", "o": "oòóôõöøō",
    "s": "sşšś", "u": "uùúûüū", "y": "yýÿ", "z": "zžź",
}  # fmt: skip
_SEPARATOR = r"[\s./()-]{0,2}"  # between the digits of a telephone number


def _base(letter: str) -> str:
    return unicodedata.normalize("NFKD", letter)[0].lower()


def letters(word: str) -> str:
    """A word as a pattern in which each letter also matches its accented and unaccented forms."""
    parts = []
    for letter in word:
        variants = _ACCENTED.get(_base(letter))
        if variants:
            parts.append(f"[{variants}{variants.upper()}]")
        elif letter.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(letter))
    return "".join(parts)


# Every letter that `letters` lets stand for another, mapped to the one it stands for.
_FOLD = {variant: base for base, variants in _ACCENTED.items() for variant in variants + variants.upper()}


def fold(text: str) -> str:
    """`text` as `letters` compares it: each letter as its unaccented small letter, each run of spaces as one."""
    return " ".join("".join(_FOLD.get(c) or _base(c) for c in word) for word in text.split())


def may_mention(folded: str, digits: str, *, name: str, email: str = "", phone: str = "") -> bool:
    """Whether `patterns_for` this person could find anything in a text: `folded` is the text through `fold`,
    `digits` its digits alone. A superset, cheap enough to ask of every key person (compiling every person's
    patterns for every text took 40 seconds with 5,000 of them, issue 22): each pattern of a name holds a word of
    it, so a text in which no word of the name appears (as `fold` writes both), nor the e-mail address, nor the
    telephone number's digits, cannot mention the person."""
    words = [fold(word) for word in re.findall(r"\w+", name)]
    if any(word and word in folded for word in words):
        return True
    if email.strip() and fold(email.strip()) in folded:
        return True
    # What is left of the number after a prefix is taken off is the end of what its pattern asks for.
    number = re.sub(r"\D", "", phone).removeprefix("00").removeprefix("31").lstrip("0")
    return bool(number) and number in digits


def capitalised(word: str) -> str:
    """The word with its first letter as a capital and the rest in any case."""
    first, rest = word[0], word[1:]
    variants = _ACCENTED.get(_base(first), first.lower())
    return f"[{variants.upper()}](?i:{letters(rest)})" if rest else f"[{variants.upper()}]"


def bounded(pattern: str) -> str:
    return rf"(?<!\w){pattern}(?!\w)"


@dataclass(frozen=True)
class NameParts:
    given: tuple[str, ...]
    particles: str
    surname: str

    @classmethod
    def of(cls, name: str) -> "NameParts":
        """Split "Anna Maria de Vries" into the given names, the particles and the surname."""
        tokens = name.split()
        if len(tokens) < 2:
            return cls(tuple(tokens), "", "")
        first_particle = next(
            (i for i, token in enumerate(tokens[1:-1], start=1) if token.lower() in PARTICLES),
            len(tokens) - 1,
        )
        given = tuple(tokens[:first_particle])
        rest = tokens[first_particle:]
        particles = [t for t in rest[:-1] if t.lower() in PARTICLES]
        if len(particles) == len(rest) - 1:
            return cls(given, " ".join(particles), rest[-1])
        return cls(given, "", " ".join(rest))  # a double surname: "Jansen Bakkali"


def phone_pattern(phone: str) -> str | None:
    """A telephone number in any format: 0611223344, 06-11223344, 06 11 22 33 44, +31 6 1122 3344, 0031 (0)6…."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        digits = "00" + digits
    if digits.startswith("0031"):
        national = digits[4:].removeprefix("0")
    elif digits.startswith("00"):
        international = digits[2:]
        if len(international) < 6:
            return None
        return rf"(?<!\d)(?:\+|00){_SEPARATOR}" + _SEPARATOR.join(international) + r"(?!\d)"
    else:
        national = digits.removeprefix("0")
    if len(national) < 6:
        return None
    prefix = rf"(?:(?:\+|00){_SEPARATOR}31{_SEPARATOR}(?:\(0\){_SEPARATOR})?|0)"
    return rf"(?<!\d){prefix}" + _SEPARATOR.join(national) + r"(?!\d)"


# The kinds of mention that a namesake's name ("Karim Bakkali" beside "Yasmina Bakkali") does not count as.
WEAK = frozenset({"surname", "first_name"})


def _overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


@dataclass(frozen=True)
class Patterns:
    """The compiled patterns for one person: `certain` finds mentions anywhere, `first_name` only in linked text,
    `namesakes` the full names of other people that share a word of the name (they are not mentions)."""

    certain: re.Pattern | None
    first_name: re.Pattern | None
    namesakes: re.Pattern | None
    prefilter: str  # a pattern that PostgreSQL (~*) and SQLite (Python re) both read: a superset of both

    def find(self, text: str, *, linked: bool) -> list[tuple[int, int, str]]:
        """The (start, end, kind) of every mention in `text`; the first name only in text linked to the person."""
        others = [m.span() for m in self.namesakes.finditer(text)] if self.namesakes else []
        found = []
        if self.certain is not None:
            for match in self.certain.finditer(text):
                kind = match.lastgroup
                if not (kind in WEAK and _overlaps(*match.span(), others)):
                    found.append((match.start(), match.end(), kind))
        if self.first_name is not None and (linked or found):
            taken = [(start, end) for start, end, _kind in found] + others
            for match in self.first_name.finditer(text):
                if not _overlaps(*match.span(), taken):
                    found.append((match.start(), match.end(), "first_name"))
        return sorted(found)

    def replace(self, text: str, marker: str, *, linked: bool) -> tuple[str, int]:
        mentions = self.find(text, linked=linked)
        for start, end, _kind in reversed(mentions):
            text = text[:start] + marker + text[end:]
        return text, len(mentions)


def patterns_for(*, name: str, email: str = "", phone: str = "", others=()) -> Patterns:
    """Every way this person can be written down (see the module's docstring for the rule).

    `others` are the full names of other people who share a word of this name: where one of them is written, the
    surname or first name alone is theirs, not this person's.
    """
    parts = NameParts.of(name.strip())
    alternatives, prefilter = [], []
    if email.strip():
        alternatives.append(f"(?P<email>(?i:{re.escape(email.strip())}))")
        prefilter.append(re.escape(email.strip()))
    phone_regex = phone_pattern(phone) if phone.strip() else None
    if phone_regex:
        alternatives.append(f"(?P<phone>{phone_regex})")
        prefilter.append(phone_regex.replace("(?<!\\d)", "").replace("(?!\\d)", ""))
    if parts.surname and len(parts.surname) >= 2:
        particles = letters(parts.particles) + r"\s+" if parts.particles else ""
        surname = letters(parts.surname)
        given = "|".join(letters(g) for g in parts.given)
        titles = "|".join(letters(t) + r"\.?" for t in sorted(TITLES, key=len, reverse=True))
        initials = r"(?:[A-Z]\.\s?){1,4}"
        full = rf"(?:{given})(?:\s+(?:{given}))*\s+(?i:{particles}){surname}"
        addressed = rf"(?i:(?:{titles})\s+(?:(?:{given})\s+)?{particles}{surname})"
        with_initials = rf"{initials}(?i:{particles}{surname})"
        reversed_ = rf"(?i:{particles}{surname}),\s*(?:(?:{given})(?!\w)|{initials})"
        alone = (rf"(?i:{particles})" if particles else "") + capitalised(parts.surname)
        alternatives.append(
            "(?P<name>" + "|".join(bounded(f"(?i:{p})") for p in (addressed, full)) + "|"
            + "|".join(bounded(p) for p in (with_initials, reversed_)) + ")"
        )  # fmt: skip
        alternatives.append(f"(?P<surname>{bounded(alone)})")
        prefilter.append(surname)
    elif parts.given:
        alternatives.append("(?P<name>" + bounded(f"(?i:{letters(' '.join(parts.given))})") + ")")
    first_name = None
    if parts.given and parts.surname and len(parts.given[0]) >= 2:
        first_name = re.compile(bounded(capitalised(parts.given[0])))
        prefilter.append(letters(parts.given[0]))
    elif parts.given and not parts.surname:
        prefilter.append(letters(parts.given[0]))
    certain = re.compile("|".join(alternatives)) if alternatives else None
    names = [other for other in others if other.strip()]
    namesakes = re.compile("|".join(bounded(f"(?i:{letters(n.strip())})") for n in names)) if names else None
    return Patterns(
        certain=certain, first_name=first_name, namesakes=namesakes, prefilter="|".join(prefilter)
    )
