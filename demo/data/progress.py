"""The multi-year funding (the 2021 decision) and the commitments to the council."""

FUNDING_LINES = [
    {
        "name": "Regisseur aanpak polarisatie",
        "source": "Anti Discriminatie Voorziening Limburg (Meicirculaire 2021)",
        "amount_per_year": "50000.00",
        "first_year": 2022,
        "last_year": 2026,
        "decided_on": "2021-12-21",
        "description": "Besluit van burgemeester en wethouders van 21 december 2021: de kosten van de regisseur "
        "aanpak polarisatie, die het netwerk van sleutelpersonen vormt en versterkt.",
    },
]

# Commitments to the council, from the two documents: (slug, title, kind, date, text, status, campaign slugs,
# the code of the programme whose rounds evidence it, or None).
COMMITMENTS = [
    (
        "motie-tolerantie-2016",
        "Motie tolerantie en wederzijds begrip (PvdA, 2016)",
        "motion",
        "2016-06-12",
        "De gemeenteraad verzoekt het college een plan van aanpak op te stellen voor een campagne gericht op het "
        "bevorderen van meer tolerantie en wederzijds begrip tussen de diverse etnische en culturele gemeenschappen "
        "in de stad.",
        "in_progress",
        [
            "reflections-of-maastricht",
            "informatiepositie-aanpak-radicalisering",
            "thuis-in-maastricht",
            "flexibele-subsidies-diversiteit-en-integratie",
            "weerbaar-opvoeden",
            "welkom-hier-maastricht",
        ],
        # The motion is answered by the 2017 letter's three flexible-subsidy tenders: those rounds are its evidence.
        "DI-2017",
    ),
    (
        "regisseur-aanpak-polarisatie-2021",
        "Regisseur aanpak polarisatie (collegebesluit 2021)",
        "decision",
        "2021-12-21",
        "Het college zet in de periode 2022–2026 €\u00a050.000 per jaar uit de middelen Anti Discriminatie Voorziening "
        "Limburg in voor een regisseur aanpak polarisatie, die een netwerk van sleutelpersonen vormt en versterkt. "
        "De aanpak wordt geëvalueerd en waar nodig bijgestuurd.",
        "in_progress",
        [],
        # Funded from other money, years after the 2017 tenders: no subsidy round evidences it.
        None,
    ),
]
