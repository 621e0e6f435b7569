"""The registry: neighbourhoods by district, themes, target groups and the campaigns of the 2017 letter."""

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
        "intolerantie: €\u00a0725.000 in drie tenders in 2016 en 2017.",
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
