"""The evaluation report of the key-person approach as a background export (a person's own copy of their data,
AVG art. 15, is keypersons/access_copy.py)."""

from datetime import date

from django.utils.translation import gettext as _

from exports.writers import Export, Section

from . import queries


def evaluation_export(*, start: str, end: str) -> Export:
    """The evaluation report as a background export: growth, contacts, signals by theme and place, closure."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if first > last:
        raise ValueError("start after end")
    report = queries.evaluation.evaluation(first, last)
    closure = report["closure"]
    sections = [
        Section(_("Network"), ["month", "key_persons_added", "key_persons_total"],
                [(r["month"].strftime("%Y-%m"), r["added"], r["total"]) for r in report["growth"]], len(report["growth"])),
        Section(_("Contacts"), ["month", "contact_moments"],
                [(r["month"].strftime("%Y-%m"), r["count"]) for r in report["contacts"]], len(report["contacts"])),
        Section(_("Signals by theme"), ["theme", "signals"],
                [(r["theme__name"], r["n"]) for r in report["by_theme"]], len(report["by_theme"])),
        Section(_("Signals by neighbourhood"), ["neighbourhood", "signals"],
                [(r["neighbourhood__name"], r["n"]) for r in report["by_neighbourhood"]], len(report["by_neighbourhood"])),
        Section(_("Closure"), ["signals_closed", "median_days_to_closure", "average_days_to_closure"],
                [(closure["closed"], closure["median_days"], closure["average_days"])], 1),
    ]  # fmt: skip
    return Export(
        title=_("Evaluation of the key-person approach, %(start)s – %(end)s") % {"start": first.strftime("%d-%m-%Y"), "end": last.strftime("%d-%m-%Y")},
        filename=f"evaluatie-sleutelpersonen-{first}-{last}",
        sections=sections,
    )  # fmt: skip
