"""The €725,000 programme, its three rounds, their criteria, the demo applications and the demo users."""

PROGRAMME = {
    "code": "DI-2017",
    "name": "Flexibele subsidies Diversiteit en Integratie",
    "total_budget": "725000.00",
    "funding_source": "Welzijn en zorg – flexibele subsidies (raadsinformatiebrief 11 juli 2017)",
    # What the letters name. The publication reference and the signatory are placeholders, not real ones.
    "regulation_name": "Algemene Subsidieverordening Maastricht",
    "regulation_publication": "demo: bekendmaking in het Gemeenteblad nog in te vullen",
    "signatory_name": "Demo Ondertekenaar",
    "signatory_function": "teamleider Sociaal Domein",
    "mandate_line": "namens het college van burgemeester en wethouders van Maastricht",
}

# Three rounds over the €725,000. The demo places them around today so every stage can be tried:
# (number, title, days from today it opened, days it stays open, ceiling, method).
ROUNDS = [
    (1, "Tender 1: ontmoeting en dialoog", -150, 45, "250000.00", "tender"),
    (2, "Tender 2: tolerantie en wederzijds begrip", -14, 60, "250000.00", "tender"),
    (3, "Tender 3: kleine buurtinitiatieven", 75, 120, "225000.00", "first_come"),
]

# Assessment criteria of the tender rounds: (name, weight, guidance).
CRITERIA = [
    (
        "Bijdrage aan ontmoeting en wederzijds begrip",
        3,
        "Brengt het project mensen met verschillende achtergronden werkelijk met elkaar in contact?",
    ),
    (
        "Bereik van de doelgroep",
        2,
        "Is het verwachte bereik realistisch en bereikt het project wie het zegt te bereiken?",
    ),
    (
        "Verankering in de buurt en samenwerking",
        2,
        "Werkt het project samen met bewoners en andere initiatieven?",
    ),
    ("Haalbaarheid en begroting", 1, "Zijn plan, planning en begroting realistisch en sluitend?"),
]

# Demo applications in round 2 (assessed and decided), created through the services:
# (organisation, title, amount, scores of assessor 1, scores of assessor 2, themes, target groups, neighbourhoods).
DEMO_APPLICATIONS = [
    (
        "Stichting Futsal", "Futsaltoernooi AZC en buurt", "18000.00", [8, 7, 8, 7], [9, 8, 7, 8],
        ["Sport en bewegen", "Integratie van vluchtelingen en statushouders"],
        ["Jongeren", "Vluchtelingen en statushouders"],
        ["Limmel", "Nazareth"],
    ),
    (
        "Stichting Argus buurtnetwerk", "Kookclinics Malberg", "9500.00", [7, 6, 9, 8], [7, 7, 8, 8],
        ["Ontmoeting en dialoog", "Gezondheid en welzijn"],
        ["Buurtbewoners"],
        ["Malberg"],
    ),
    (
        "Stichting Turks Cultureel Centrum Tevhid", "Weerbaar Opvoeden: ouderavonden", "22000.00", [9, 8, 8, 7],
        [8, 8, 9, 7],
        ["Weerbaarheid en polarisatie"],
        ["Ouders", "Jongeren"],
        ["Heugemerveld", "Heer"],
    ),
    (
        "Smile to the Future", "Studenten en buurt aan tafel", "25000.00", [6, 6, 5, 6], [6, 5, 6, 6],
        ["Etnisch-culturele diversiteit", "Ontmoeting en dialoog"],
        ["Internationale studenten", "Buurtbewoners"],
        ["Binnenstad", "Wyck", "Randwyck"],
    ),
]  # fmt: skip

# One demo user per role; (username, role or None, organisation for members, is_staff).
USERS = [
    ("beleid", "beleidsmedewerker", None, True),
    ("beoordelaar1", "beoordelaar", None, False),
    ("beoordelaar2", "beoordelaar", None, False),
    ("regisseur", "regisseur", None, True),
    ("netwerk", "netwerkmedewerker", None, False),
    ("beheer", "functioneel-beheerder", None, True),
    ("humanitas", None, "Humanitas", False),
    ("tevhid", None, "Stichting Turks Cultureel Centrum Tevhid", False),
]

# Humanitas's own applications in round 2: a submitted one that waits for the completeness check (its member sees
# what happens next, with dates; the officer can declare it eligible) and a draft whose budget does not add up yet
# (the member sees the form with its live total and the check page with the full application).
# (title, summary, plan, requested amount, [(cost item, amount)], themes, target groups, whole districts, submit).
HUMANITAS_APPLICATIONS = [
    (
        "Taalcafé voor nieuwkomers",
        "Elke week een taalcafé waar nieuwkomers en buurtbewoners Nederlands oefenen en elkaar leren kennen.",
        "Veertig middagen in het buurthuis van Malberg, met vrijwillige taalcoaches en een afsluitende buurtmaaltijd.",
        "7500.00",
        [
            ("Zaalhuur en koffie", "2500.00"),
            ("Begeleiding door taalcoaches", "4000.00"),
            ("Buurtmaaltijd", "1000.00"),
        ],
        ["Taal en participatie", "Ontmoeting en dialoog"],
        ["Vluchtelingen en statushouders", "Buurtbewoners"],
        ["Noordwest"],
        True,
    ),
    (
        "Samen koken in Wittevrouwenveld",
        "Bewoners van verschillende afkomst koken om de beurt een gerecht uit hun eigen keuken.",
        "Twaalf kookavonden in de buurtkeuken; de recepten komen in een buurtkookboek.",
        "4800.00",
        [("Boodschappen", "2400.00"), ("Huur buurtkeuken", "1200.00")],
        ["Ontmoeting en dialoog"],
        ["Buurtbewoners"],
        [],
        False,
    ),
]
