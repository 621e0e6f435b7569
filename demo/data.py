"""Demo data taken from the two source documents of the programme.

The 2017 council letter (raadsinformatiebrief "Diversiteit en tolerantie", 11 July 2017) names the
campaigns, the organisations and the €725,000 for three flexible-subsidy tenders; the 2021 decision
of the Mayor and Aldermen (21 December 2021) funds the polarisation director with €50,000 a year
2022–2026 from the Anti Discriminatie Voorziening Limburg money. Descriptions are summaries of the
letter. Nothing here is invented about a real person.
"""

# Maastricht's neighbourhoods (buurten) by district (stadsdeel) and the district's code prefix.
NEIGHBOURHOODS = {
    ("Centrum", "C"): [
        "Binnenstad",
        "Jekerkwartier",
        "Kommelkwartier",
        "Statenkwartier",
        "Boschstraatkwartier",
        "Sint Maartenspoort",
        "Wyck",
        "Céramique",
    ],
    ("Noordwest", "NW"): [
        "Belfort",
        "Brusselsepoort",
        "Caberg",
        "Dousberg-Hazendans",
        "Malberg",
        "Malpertuis",
        "Pottenberg",
        "Mariaberg",
        "Boschpoort",
        "Frontenkwartier",
        "Lanakerveld",
    ],
    ("Noordoost", "NO"): [
        "Amby",
        "Beatrixhaven",
        "Borgharen",
        "Itteren",
        "Limmel",
        "Meerssenhoven",
        "Nazareth",
        "Wittevrouwenveld",
        "Wyckerpoort",
        "Scharn",
    ],
    ("Zuidoost", "ZO"): ["Heer", "De Heeg", "Heugem", "Heugemerveld", "Randwyck", "Vroendaal"],
    ("Zuidwest", "ZW"): ["Sint Pieter", "Jekerdal", "Villapark", "Campagne", "Wolder", "Biesland", "Daalhof"],
}

# The dimensions of diversity the letter names, and the aims of the programme.
THEMES = [
    ("Ontmoeting en dialoog", "Meeting and dialogue"),
    ("Tolerantie en wederzijds begrip", "Tolerance and mutual understanding"),
    ("Tegengaan van discriminatie en intolerantie", "Countering discrimination and intolerance"),
    ("Integratie van vluchtelingen en statushouders", "Integration of refugees and status holders"),
    ("Etnisch-culturele diversiteit", "Ethnic and cultural diversity"),
    ("Seksuele en genderdiversiteit (LHBTI+)", "Sexual and gender diversity (LGBTI+)"),
    ("Weerbaarheid en polarisatie", "Resilience and polarisation"),
    ("Taal en participatie", "Language and participation"),
    ("Sport en bewegen", "Sport and exercise"),
    ("Gezondheid en welzijn", "Health and well-being"),
]

TARGET_GROUPS = [
    ("Vluchtelingen en statushouders", "Refugees and status holders"),
    ("Etnisch-culturele minderheden", "Ethnic and cultural minorities"),
    ("Jongeren", "Young people"),
    ("Kinderen", "Children"),
    ("Ouders", "Parents"),
    ("Ouderen", "Older people"),
    ("LHBTI+ bewoners", "LGBTI+ residents"),
    ("Vrouwen", "Women"),
    ("Internationale studenten", "International students"),
    ("Buurtbewoners", "Neighbourhood residents"),
]

# The six campaigns and activities of the 2017 letter.
CAMPAIGNS = [
    {
        "slug": "reflections-of-maastricht",
        "name": "Reflections of Maastricht",
        "lead": "Stichting Monkey Tree",
        "starts_on": "2017-04-01",
        "status": "finished",
        "description": "Stichting Monkey Tree brengt de diversiteit van de stad in beeld. Bij bewoners wordt over de "
        "volle breedte opgehaald welke beelden zij bij Maastricht hebben en hoe zij leefbaarheid en diversiteit "
        "zien en willen verbeteren. De verhalen worden gebundeld en aan het gemeentebestuur aangeboden.",
    },
    {
        "slug": "informatiepositie-aanpak-radicalisering",
        "name": "Versterking informatiepositie aanpak radicalisering",
        "lead": None,
        "starts_on": "2017-01-01",
        "status": "running",
        "description": "Investeren in samenwerking, vertrouwen en relatie met en tussen bestaande initiatieven en "
        "partijen (zoals moskeeën, buurtnetwerken en jongerenwerkers), het gemeentelijke netwerk verbreden en "
        "sociaal domein en veiligheidsdomein intensiever laten samenwerken, op weg naar een netwerk van burgers "
        "en organisaties die polarisatie en radicalisering tegengaan.",
    },
    {
        "slug": "thuis-in-maastricht",
        "name": "Werkgroep Opvang Vluchtelingen – Thuis In Maastricht",
        "lead": None,
        "starts_on": "2016-01-01",
        "status": "running",
        "description": "Een werkgroep van maatschappelijk betrokken organisaties en personen uit de Uitvoeringsopgave "
        "Opvang Vluchtelingen verbindt de (etnisch-culturele) gemeenschappen in Maastricht en maakt voorbeelden "
        "van activiteiten zichtbaar via de website Thuis In Maastricht.",
    },
    {
        "slug": "flexibele-subsidies-diversiteit-en-integratie",
        "name": "Flexibele subsidies Diversiteit en Integratie",
        "lead": None,
        "starts_on": "2016-01-01",
        "ends_on": "2017-12-31",
        "status": "finished",
        "description": "Vanuit welzijn en zorg extra subsidiemogelijkheden in de vorm van tenders (flexibele subsidies) "
        "voor initiatieven gericht op diversiteit en integratie, wederzijds begrip en het tegengaan van "
        "intolerantie: € 725.000 in drie tenders in 2016 en 2017.",
    },
    {
        "slug": "weerbaar-opvoeden",
        "name": "Weerbaar Opvoeden",
        "lead": "Stichting Turks Cultureel Centrum Tevhid",
        "starts_on": "2016-01-01",
        "status": "running",
        "description": "De gemeente werkt met maatschappelijke partners en bewoners aan vormen van "
        "opvoedingsondersteuning, met als doel jongeren uit etnisch-culturele minderheden weerbaar te maken in de "
        "samenleving. Onderdeel van de aanpak Radicalisering.",
    },
    {
        "slug": "welkom-hier-maastricht",
        "name": "Welkom Hier Maastricht",
        "lead": None,
        "starts_on": "2017-04-21",
        "ends_on": "2017-04-21",
        "status": "finished",
        "description": "Op 21 april 2017, in het kader van de Europese conferentie Elaine (European Local Authorities "
        "Integration Network), lieten bewoners en initiatieven uit Maastricht zien wat er in de stad gebeurt "
        "voor, door en met vluchtelingen.",
    },
]

# The organisations the letter names. KvK numbers and addresses are not in the letter and are left empty.
ORGANISATIONS = [
    (
        "Vluchtelingenwerk Limburg",
        "professional",
        True,
        "Belangenbehartiger voor vluchtelingen in Maastricht, in het AZC en na het verkrijgen van een verblijfsvergunning:"
        " informatie, advies, ondersteuning en begeleiding.",
        ["Integratie van vluchtelingen en statushouders"],
        ["Vluchtelingen en statushouders"],
    ),
    (
        "Stichting Trajekt",
        "professional",
        True,
        "Versterkt competenties van bewoners en de leefbaarheid in buurten en wijken, met aandacht voor "
        "etnisch-culturele minderheden, bijvoorbeeld door ondersteuning van Marokkaanse vrouwengroepen.",
        ["Ontmoeting en dialoog", "Etnisch-culturele diversiteit"],
        ["Vrouwen", "Buurtbewoners"],
    ),
    (
        "MEE",
        "professional",
        True,
        "Maatschappelijke organisatie die bewoners ondersteunt en daarbij aandacht heeft voor diversiteit.",
        ["Gezondheid en welzijn"],
        ["Buurtbewoners"],
    ),
    (
        "Steunpunt Mantelzorg",
        "professional",
        True,
        "Ondersteunt mantelzorgers in Maastricht, ook in etnisch-culturele gemeenschappen.",
        ["Gezondheid en welzijn"],
        ["Ouderen"],
    ),
    (
        "AZC Maastricht",
        "professional",
        False,
        "Het asielzoekerscentrum biedt naast de opvang door het COA activiteiten voor vluchtelingen gericht op hun "
        "vestiging in Nederland; samen met de gemeente in het Coördinatiebureau Vrijwilligers en Organisaties.",
        ["Integratie van vluchtelingen en statushouders"],
        ["Vluchtelingen en statushouders"],
    ),
    (
        "Humanitas",
        "volunteer",
        True,
        "Vrijwilligersorganisatie met een breed scala aan maatschappelijke projecten, waaronder Taalmaatjes voor de "
        "integratie van etnische minderheden.",
        ["Taal en participatie", "Integratie van vluchtelingen en statushouders"],
        ["Etnisch-culturele minderheden"],
    ),
    (
        "Inde Rooden Leeuw",
        "volunteer",
        True,
        "Vrijwilligersorganisatie die zich inzet voor bewoners, diversiteit en onderling begrip, met onder meer "
        "Taalmaatjes en werkgroepen voor vrouwen in Wittevrouwenveld.",
        ["Tolerantie en wederzijds begrip", "Taal en participatie"],
        ["Vrouwen", "Buurtbewoners"],
    ),
    (
        "Stichting Turks Cultureel Centrum Tevhid",
        "foundation",
        True,
        "Richt zich in eerste instantie op mensen van Turkse afkomst en organiseert activiteiten met buurtbewoners; "
        "speelt een belangrijke rol in het project Weerbaar Opvoeden.",
        ["Weerbaarheid en polarisatie", "Ontmoeting en dialoog"],
        ["Ouders", "Jongeren"],
    ),
    (
        "Armeense Stichting Ani",
        "association",
        True,
        "Vrijwilligersvereniging voor de Armeense gemeenschap in Maastricht die zich ook inzet voor integratie, "
        "verbinding en het tegengaan van intolerantie.",
        ["Etnisch-culturele diversiteit", "Tegengaan van discriminatie en intolerantie"],
        ["Etnisch-culturele minderheden"],
    ),
    (
        "Stichting Moetiare Maloekoe",
        "foundation",
        True,
        "Van oudsher gericht op de Molukse gemeenschap, nu veel breder: gezamenlijke activiteiten rond gezondheid en "
        "gezonde voeding die bewoners verbinden.",
        ["Gezondheid en welzijn", "Ontmoeting en dialoog"],
        ["Etnisch-culturele minderheden"],
    ),
    (
        "COC Limburg / Maastricht",
        "association",
        True,
        "Zet zich in voor seksuele tolerantie en integratie van LHBTI+ bewoners; Maastricht is een van de 42 "
        "Regenboogsteden.",
        ["Seksuele en genderdiversiteit (LHBTI+)", "Tegengaan van discriminatie en intolerantie"],
        ["LHBTI+ bewoners"],
    ),
    (
        "Stichting Futsal",
        "foundation",
        True,
        "Gebruikt sport om wederzijds begrip en tolerantie tussen AZC-bewoners en bewoners van omliggende buurten te "
        "verbeteren.",
        ["Sport en bewegen", "Integratie van vluchtelingen en statushouders"],
        ["Jongeren", "Vluchtelingen en statushouders"],
    ),
    (
        "Stichting KCEM",
        "foundation",
        True,
        "Kenniscentrum Empowerment Maastricht Heuvelland: lessen Nederlandse taal en maandelijkse activiteiten rond "
        "positieve gezondheid tegen eenzaamheid en isolement.",
        ["Taal en participatie", "Gezondheid en welzijn"],
        ["Etnisch-culturele minderheden"],
    ),
    (
        "Stichting Argus buurtnetwerk",
        "foundation",
        True,
        "Sociaal-maatschappelijke activiteiten die aansluiten bij de behoefte van buurtbewoners: groenklussen, bridge, "
        "naailessen, kookclinics en stadswandelingen.",
        ["Ontmoeting en dialoog"],
        ["Buurtbewoners"],
    ),
    (
        "Smile to the Future",
        "foundation",
        True,
        "Brengt organisaties en groepen in de stad samen: mensen met verschillende achtergronden, buurtbewoners en "
        "studenten.",
        ["Ontmoeting en dialoog", "Etnisch-culturele diversiteit"],
        ["Internationale studenten", "Buurtbewoners"],
    ),
    (
        "Stichting Youthbridges",
        "volunteer",
        True,
        "Vrijwilligersorganisatie die onder meer actief is met jongeren uit en rond het AZC.",
        ["Integratie van vluchtelingen en statushouders"],
        ["Jongeren"],
    ),
    (
        "Warchild / Team-Up",
        "volunteer",
        True,
        "Traint vrijwilligers om trauma's bij jongeren te onderkennen en hen te begeleiden bij hun integratie.",
        ["Integratie van vluchtelingen en statushouders"],
        ["Jongeren", "Kinderen"],
    ),
    (
        "Not Just A Number",
        "volunteer",
        True,
        "Zet activiteiten op voor kinderen en organiseert een distributiecentrum voor kleding, onder andere voor "
        "vluchtelingen.",
        ["Integratie van vluchtelingen en statushouders"],
        ["Kinderen", "Vluchtelingen en statushouders"],
    ),
    (
        "Tuttebelleclub",
        "informal",
        True,
        "Lokaal initiatief voor kleinschalige activiteiten voor jongeren en kinderen uit de buurt en in het AZC.",
        ["Ontmoeting en dialoog"],
        ["Kinderen", "Jongeren"],
    ),
    (
        "Lokale Coalitie voor Inclusie",
        "informal",
        True,
        "Samenwerkingsverband voor de uitvoering van het VN-verdrag voor sociale inclusie.",
        ["Tegengaan van discriminatie en intolerantie"],
        ["Buurtbewoners"],
    ),
    (
        "Stichting Monkey Tree",
        "foundation",
        True,
        "Startte in april 2017 het project Reflections of Maastricht, dat de diversiteit van de stad in beeld brengt.",
        ["Etnisch-culturele diversiteit", "Ontmoeting en dialoog"],
        ["Buurtbewoners"],
    ),
    (
        "Commissie Integratie en Mondialisering Maastricht (CIMM)",
        "professional",
        True,
        "Adviescommissie die het college gevraagd en ongevraagd adviseert over integratie en mondialisering en "
        "congressen organiseert over integratie en diversiteit.",
        ["Etnisch-culturele diversiteit"],
        ["Buurtbewoners"],
    ),
]

# Initiatives the letter names: (organisation, title, status, campaign slug or None, neighbourhoods, description).
INITIATIVES = [
    (
        "Stichting Monkey Tree",
        "Reflections of Maastricht",
        "finished",
        "reflections-of-maastricht",
        [],
        "Verhalen van bewoners over Maastricht, leefbaarheid en diversiteit, gebundeld voor het gemeentebestuur.",
    ),
    (
        "Humanitas",
        "Taalmaatjes Humanitas",
        "running",
        None,
        [],
        "Vrijwillige taalmaatjes helpen nieuwkomers met de Nederlandse taal en de weg in de stad.",
    ),
    (
        "Inde Rooden Leeuw",
        "Werkgroepen voor vrouwen in Wittevrouwenveld",
        "running",
        None,
        ["Wittevrouwenveld"],
        "Werkgroepen waarin vrouwen uit de buurt elkaar ontmoeten en samen activiteiten opzetten.",
    ),
    (
        "Stichting Turks Cultureel Centrum Tevhid",
        "Weerbaar Opvoeden",
        "running",
        "weerbaar-opvoeden",
        [],
        "Opvoedingsondersteuning om jongeren uit etnisch-culturele minderheden weerbaar te maken.",
    ),
    (
        "Stichting KCEM",
        "Positieve gezondheid",
        "finished",
        None,
        [],
        "Maandelijkse activiteiten voor (anderstalige) cursisten, buurtbewoners en professionals tegen eenzaamheid.",
    ),
    (
        "Stichting Argus buurtnetwerk",
        "Buurtworkshops Argus",
        "running",
        None,
        [],
        "Groenklussen, bridge, naailessen, kookclinics en stadswandelingen die nieuwe verbindingen leggen.",
    ),
    (
        "Stichting Futsal",
        "Futsal met AZC en buurt",
        "running",
        None,
        ["Limmel"],
        "Samen sporten als middel voor begrip tussen AZC-bewoners en bewoners van de omliggende buurten.",
    ),
    (
        "COC Limburg / Maastricht",
        "Regenboogstad Maastricht",
        "running",
        None,
        [],
        "Speerpunten jeugd, ouderen, sport en LHBTI+ bewoners met een andere etnisch-culturele achtergrond.",
    ),
    (
        "Not Just A Number",
        "Kledingdistributie en kinderactiviteiten",
        "running",
        None,
        [],
        "Een distributiecentrum voor kleding en activiteiten voor kinderen.",
    ),
    (
        "Stichting Trajekt",
        "Ondersteuning Marokkaanse vrouwengroepen",
        "running",
        None,
        [],
        "Ondersteuning van vrouwengroepen in buurten.",
    ),
    (
        "Commissie Integratie en Mondialisering Maastricht (CIMM)",
        "Congressen integratie en diversiteit",
        "running",
        None,
        [],
        "Congressen die bewoners betrekken bij integratie en diversiteit.",
    ),
    (
        "Smile to the Future",
        "Welkom Hier Maastricht",
        "finished",
        "welkom-hier-maastricht",
        [],
        "Bewoners en vrijwilligersorganisaties lieten zien wat er in de stad gebeurt voor en door vluchtelingen.",
    ),
]

PROGRAMME = {
    "code": "DI-2017",
    "name": "Flexibele subsidies Diversiteit en Integratie",
    "total_budget": "725000.00",
    "funding_source": "Welzijn en zorg – flexibele subsidies (raadsinformatiebrief 11 juli 2017)",
}

# Three rounds over the €725,000. The demo places them around today so every stage can be tried:
# (number, title, days from today it opened, days it stays open, ceiling, method).
ROUNDS = [
    (1, "Tender 1: ontmoeting en dialoog", -150, 45, "250000.00", "tender"),
    (2, "Tender 2: tolerantie en wederzijds begrip", -14, 60, "250000.00", "tender"),
    (3, "Tender 3: kleine buurtinitiatieven", 75, 120, "225000.00", "first_come"),
]

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

# Demo applications in round 1 (closed and assessed), created through the services:
# (organisation, title, amount, scores of assessor 1, scores of assessor 2).
DEMO_APPLICATIONS = [
    ("Stichting Futsal", "Futsaltoernooi AZC en buurt", "18000.00", [8, 7, 8, 7], [9, 8, 7, 8]),
    ("Stichting Argus buurtnetwerk", "Kookclinics Malberg", "9500.00", [7, 6, 9, 8], [7, 7, 8, 8]),
    (
        "Stichting Turks Cultureel Centrum Tevhid",
        "Weerbaar Opvoeden: ouderavonden",
        "22000.00",
        [9, 8, 8, 7],
        [8, 8, 9, 7],
    ),
    ("Smile to the Future", "Studenten en buurt aan tafel", "25000.00", [6, 6, 5, 6], [6, 5, 6, 6]),
]

# Commitments to the council, from the two documents: (slug, title, kind, date, text, status, campaign slugs).
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
    ),
    (
        "regisseur-aanpak-polarisatie-2021",
        "Regisseur aanpak polarisatie (collegebesluit 2021)",
        "decision",
        "2021-12-21",
        "Het college zet in de periode 2022–2026 € 50.000 per jaar uit de middelen Anti Discriminatie Voorziening "
        "Limburg in voor een regisseur aanpak polarisatie, die een netwerk van sleutelpersonen vormt en versterkt. "
        "De aanpak wordt geëvalueerd en waar nodig bijgestuurd.",
        "in_progress",
        [],
    ),
]

# The key-person network of the demo. The people are fictional; the networks are kinds the 2021 decision names.
# (name, kind, category, neighbourhoods)
NETWORKS = [
    ("Buurtnetwerk Malberg", "informal", "neighbourhood", ["Malberg"]),
    ("Moskeegemeenschap Noordoost", "formal", "religious", ["Wittevrouwenveld", "Wyckerpoort"]),
    ("Futsalteams Noordwest", "informal", "sport", ["Caberg", "Pottenberg"]),
    ("Internationale studentengemeenschap", "informal", "students", ["Randwyck", "Binnenstad"]),
    ("Online buurtgroep Pottenberg", "informal", "online", ["Pottenberg"]),
    ("Jongerenplatform Heer", "informal", "neighbourhood", ["Heer", "De Heeg"]),
]
# (name, status, neighbourhoods, domains, languages, position, network ties, organisation ties, weeks between contacts)
KEY_PERSONS = [
    (
        "Anouk Frissen",
        "active",
        ["Malberg"],
        ["Buurt en wijk"],
        "Nederlands, Limburgs",
        "Coördinator van het buurtnetwerk; kent de bewonersgroepen in Malberg.",
        ["Buurtnetwerk Malberg"],
        ["Stichting Argus buurtnetwerk"],
        6,
    ),
    (
        "Karim Benali",
        "active",
        ["Wittevrouwenveld", "Wyckerpoort"],
        ["Geloofsgemeenschappen", "Jongeren"],
        "Nederlands, Arabisch, Frans",
        "Jongerenwerker, bestuurslid van een moskeegemeenschap in Noordoost.",
        ["Moskeegemeenschap Noordoost"],
        [],
        4,
    ),
    (
        "Lotte Janssen",
        "active",
        ["Randwyck", "Binnenstad"],
        ["Studenten"],
        "Nederlands, Engels, Duits",
        "Bestuur internationale studentenvereniging; veel contact met nieuwe studenten.",
        ["Internationale studentengemeenschap"],
        [],
        8,
    ),
    (
        "Mehmet Kaya",
        "active",
        ["Caberg", "Pottenberg"],
        ["Sport", "Jongeren"],
        "Nederlands, Turks",
        "Trainer van de futsalteams in Noordwest.",
        ["Futsalteams Noordwest"],
        ["Stichting Futsal"],
        6,
    ),
    (
        "Ingrid Ramakers",
        "active",
        ["Pottenberg"],
        ["Online", "Buurt en wijk"],
        "Nederlands",
        "Beheerder van de online buurtgroep.",
        ["Online buurtgroep Pottenberg"],
        [],
        8,
    ),
    (
        "Daan Coenen",
        "paused",
        ["Heer"],
        ["Jongeren"],
        "Nederlands",
        "Vrijwilliger bij het jongerenplatform.",
        ["Jongerenplatform Heer"],
        [],
        8,
    ),
    ("Fatima Ouali", "prospect", [], [], "", "", [], [], 8),
    (
        "Joris Lemmens",
        "active",
        ["Binnenstad"],
        ["Cultuur"],
        "Nederlands, Engels",
        "Programmeur bij een cultureel podium; brengt jongeren en kunstenaars samen.",
        [],
        ["Stichting KCEM"],
        8,
    ),
]
# (days ago, neighbourhood, theme, severity 1–4, description, state path)
SIGNALS = [
    (
        3,
        "Pottenberg",
        "Complotdenken",
        3,
        "Oproepen in de online buurtgroep om een informatieavond van de gemeente te verstoren.",
        ["assessing", "action"],
    ),
    (
        12,
        "Wittevrouwenveld",
        "Discriminatie",
        2,
        "Bekladding met discriminerende leuzen bij een buurtcentrum.",
        ["assessing", "action", "monitoring"],
    ),
    (
        30,
        "Randwyck",
        "Online",
        1,
        "Spanningen tussen studentengroepen op sociale media na een debat.",
        ["assessing", "closed"],
    ),
    (
        45,
        "Malberg",
        "Verzet tegen overheidsmaatregelen",
        2,
        "Onrust over de sloop- en nieuwbouwplannen in de wijk.",
        ["assessing", "monitoring", "closed"],
    ),
    (1, "Caberg", "Links en rechts", 2, "Stickers van een extreme groepering rond het sportpark.", []),
]
