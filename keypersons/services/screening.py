"""Screening free text before it is saved (AVG art. 5(1)(c) and 9): no special category and no names by the back door.

Every free-text field of the network — a person's position, contact notes and follow-up, signal descriptions,
action texts, network names and descriptions — goes through `screen()` in the service that saves it. A hit
refuses the save with the sentence and the term marked, so the text can be rephrased (the form keeps it).

- Special-category terms come from the lexicon (keypersons/data/special_terms.toml). A text about a person may
  use the categories that person's consent names explicitly (art. 9(2)(a)); a network may use the category it
  is (a religious community). Only a signal description has an override, "about the neighbourhood, not a
  person", which the calling service writes to the access log.
- Names, e-mail addresses and telephone numbers of key persons are refused everywhere except where the text
  belongs to that person; a signal description refuses any key person's name and anything written like a
  resident's name ("mevrouw Jansen", "Jan Smeets"), with no override.
"""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext as _

from initiatives.models import Neighbourhood, Organisation

from ..mentions import fold, may_mention, patterns_for
from ..models import Domain, KeyPerson, Network, Partner, SpecialCategory, Topic
from ..screening import Hit, find_terms, marked

TITLES = r"(?:mevrouw|mevr\.|mw\.|meneer|mijnheer|dhr\.|de heer|mr\.|mrs\.|ms\.|miss)"
PARTICLES = r"(?:van|de|der|den|el|al|ter|ten|la|le|van de|van der|van den)"
WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+"
# Two or more capitalised words with only particles between them, not at the start of a sentence, or a title
# with a surname: how a resident's name is written. Known names of places and organisations are left alone.
NAME_LIKE = re.compile(
    rf"(?<![.!?\n]\s)(?<!^)(?<![\w]){WORD}(?:\s+{PARTICLES})?\s+{WORD}(?!\w)|(?i:{TITLES})\s+(?:{PARTICLES}\s+)?{WORD}"
    rf"|(?<![\w.])(?:[A-Z]\.\s?){{1,4}}(?:{PARTICLES}\s+)?{WORD}"
)


def _known_words() -> set[str]:
    names = []
    for model in (Neighbourhood, Organisation, Network, Partner, Topic, Domain):
        names += model.objects.values_list("name", flat=True)
    return {word.lower() for name in names for word in re.findall(r"\w+", name)}


def _name_hits(text: str, *, exclude: Iterable[int], first_names: bool) -> list[Hit]:
    people = KeyPerson.objects.filter(erased_at__isnull=True).exclude(pk__in=list(exclude)).exclude(name="")
    hits, folded, digits = [], fold(text), re.sub(r"\D", "", text)
    for name, email, phone in people.values_list("name", "email", "phone"):
        if not may_mention(folded, digits, name=name, email=email, phone=phone):
            continue  # no word of the name, nor the address or number, is in the text: nothing to compile
        found = patterns_for(name=name, email=email, phone=phone).find(text, linked=first_names)
        hits += [Hit(start, end, "name") for start, end, _kind in found]
    return hits


def _resident_hits(text: str) -> list[Hit]:
    known = _known_words()
    hits = []
    for match in NAME_LIKE.finditer(text):
        words = [w for w in re.findall(r"\w+", match.group()) if w[0].isupper()]
        if not any(word.lower() in known for word in words):
            hits.append(Hit(match.start(), match.end(), "name"))
    return hits


def screen(
    *, field: str, text: str, allowed: Iterable[str] = (), exclude_people: Iterable[int] = (),
    first_names: bool = False, residents: bool = False, may_override: bool = False, override: bool = False,
) -> bool:  # fmt: skip
    """Refuse `text` for `field` when it holds a special-category term or a name; True when an override was used.

    `allowed`: the special categories this text may name (the person's explicit consent, the network's own
    category). `exclude_people`: the key persons the text belongs to. `first_names`: a first name alone counts.
    `residents`: refuse anything written like a resident's name. `may_override`/`override`: the signal's
    "about the neighbourhood, not a person".
    """
    if not text or not text.strip():
        return False
    names = _name_hits(text, exclude=exclude_people, first_names=first_names)
    if residents:
        names += _resident_hits(text)
    if names:
        raise ValidationError(
            {
                field: format_html(
                    _("This text names a person: {marked} Leave names, e-mail addresses and telephone numbers "
                      "out; a key person is linked through their record, never written in the text."),
                    marked=marked(text, names),
                )
            }
        )  # fmt: skip
    terms = find_terms(text, allowed=set(allowed))
    if not terms:
        return False
    if may_override and override:
        return True
    categories = ", ".join(dict.fromkeys(str(SpecialCategory(hit.category).label) for hit in terms))
    message = _(
        "This text can reveal a special category of personal data ({categories}): {marked} Rephrase it without "
        "these words: write about the neighbourhood, the theme or the work, not about someone's faith, origin, "
        "political opinion, health or sexual orientation."
    )
    if may_override:
        message += " " + _(
            "If it is about the neighbourhood and not about a person, tick “This is about the neighbourhood, not a "
            "person”; that is logged."
        )
    raise ValidationError({field: format_html(message, categories=categories, marked=marked(text, terms))})
