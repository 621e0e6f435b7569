"""Demo data taken from the two source documents of the programme.

The 2017 council letter (raadsinformatiebrief "Diversiteit en tolerantie", 11 July 2017) names the
campaigns, the organisations and the €725,000 for three flexible-subsidy tenders; the 2021 decision
of the Mayor and Aldermen (21 December 2021) funds the polarisation director with €50,000 a year
2022–2026 from the Anti Discriminatie Voorziening Limburg money. Descriptions are summaries of the
letter. Nothing here is invented about a real person.
"""

from .network import KEY_PERSONS, NETWORKS, SIGNALS
from .organisations import INITIATIVES, ORGANISATIONS
from .progress import COMMITMENTS, FUNDING_LINES
from .registry import CAMPAIGNS, NEIGHBOURHOODS, TARGET_GROUPS, THEMES
from .tenders import CRITERIA, DEMO_APPLICATIONS, HUMANITAS_APPLICATIONS, PROGRAMME, ROUNDS, USERS

__all__ = [
    "CAMPAIGNS",
    "COMMITMENTS",
    "CRITERIA",
    "DEMO_APPLICATIONS",
    "FUNDING_LINES",
    "HUMANITAS_APPLICATIONS",
    "INITIATIVES",
    "KEY_PERSONS",
    "NEIGHBOURHOODS",
    "NETWORKS",
    "ORGANISATIONS",
    "PROGRAMME",
    "ROUNDS",
    "SIGNALS",
    "TARGET_GROUPS",
    "THEMES",
    "USERS",
]
