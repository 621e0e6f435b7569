"""The fictional names and text the generated rows are made of."""

from initiatives.models import Organisation

PREFIXES = [
    ("Stichting", Organisation.Kind.FOUNDATION),
    ("Vereniging", Organisation.Kind.ASSOCIATION),
    ("Buurtvereniging", Organisation.Kind.ASSOCIATION),
    ("Bewonersgroep", Organisation.Kind.INFORMAL),
    ("Jongerenplatform", Organisation.Kind.VOLUNTEER),
    ("Wijkcentrum", Organisation.Kind.PROFESSIONAL),
    ("Taalcafé", Organisation.Kind.VOLUNTEER),
    ("Sportclub", Organisation.Kind.ASSOCIATION),
]
WORDS = ["Samen", "De Brug", "Kleurrijk", "Open Deur", "Thuis", "Dialoog", "Horizon", "Het Anker"]
ACTIVITIES = ["Buurtmaaltijd", "Taalmaatjes", "Dialoogtafel", "Sportdag", "Kookclub", "Moestuin"]
FIRST_NAMES = ["Anouk", "Bram", "Chaima", "Daan", "Esra", "Fenna", "Gijs", "Hamza", "Ilse", "Joep", "Mila"]
LAST_NAMES = ["Bakker", "Claessens", "Dassen", "Frissen", "Goossens", "Hermans", "Janssen", "Yilmaz"]
TEXT = (
    "Bewoners met verschillende achtergronden ontmoeten elkaar, leren elkaar kennen en werken samen aan hun "
    "buurt. Vrijwilligers organiseren de activiteiten met partners uit de wijk."
)
