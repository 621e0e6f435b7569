"""The kinds of letter, registered by the apps that issue them (from their `AppConfig.ready`).

A kind names its template (`letters/<kind>.html` unless given) and the remedy the letter offers: objection to
the college within six weeks (Awb 6:4, 6:7), or — after a decision on objection, which no objection lies against
(Awb 7:1(1)(a)) — appeal to the Rechtbank Limburg within six weeks (Awb 8:1, 8:7, 6:7); or none, for a letter
that is no decision. A new decision kind is one `register` call and one template.
"""

from dataclasses import dataclass, field

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

OBJECTION = "objection"
APPEAL = "appeal"
REMEDIES = (OBJECTION, APPEAL, None)


# Every decision letter names its remedy; the issuing app adds what else its kinds must contain.
REMEDY_VARIABLE = "remedy"


@dataclass(frozen=True)
class Kind:
    name: str
    label: object
    template: str
    remedy: str | None
    # For the text a policy officer edits: the variables offered (name → description) and those it must contain.
    variables: dict = field(default_factory=dict)
    required: tuple = ()
    blocks: tuple = ()  # variables that are HTML blocks (a paragraph of their own)

    @property
    def translation_template(self) -> str:
        """The English courtesy translation's template: `letters/en/` beside the Dutch one."""
        return self.template.replace("letters/", "letters/en/", 1)

    def all_variables(self) -> dict:
        if self.remedy is None:
            return dict(self.variables)
        return {**self.variables, REMEDY_VARIABLE: _("the remedy clause (objection or appeal), as a block")}

    def all_required(self) -> tuple:
        return (*self.required, REMEDY_VARIABLE) if self.remedy else tuple(self.required)

    def markers(self) -> dict:
        """Each variable with an empty value of its sort (a block is safe HTML), for checking a text."""
        blocks = {*self.blocks, REMEDY_VARIABLE}
        return {name: mark_safe("") if name in blocks else "" for name in self.all_variables()}


KINDS: dict[str, Kind] = {}


def register(
    name: str,
    *,
    label,
    remedy: str | None,
    template: str = "",
    variables: dict | None = None,
    required=(),
    blocks=(),
) -> Kind:
    """Offer a kind of letter. Registering a name twice with another template or remedy is an error."""
    if remedy not in REMEDIES:
        raise ValueError(f"Unknown remedy {remedy!r} for letter kind {name!r}.")
    kind = Kind(
        name,
        label,
        template or f"letters/{name}.html",
        remedy,
        dict(variables or {}),
        tuple(required),
        tuple(blocks),
    )
    existing = KINDS.get(name)
    if existing is not None and (existing.template, existing.remedy) != (kind.template, kind.remedy):
        raise ValueError(f"Letter kind {name!r} is registered twice.")
    KINDS[name] = kind
    return kind


def get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(
            f"Unknown letter kind {name!r}: register it in the issuing app's AppConfig.ready."
        ) from None


def label(name: str):
    return KINDS[name].label if name in KINDS else name
