"""The municipality's own values, read by the settings: its name and contact details (every page's footer, both
statements, every letter's letterhead) and the date of the last accessibility check. Each comes from the environment,
with the City of Maastricht's public details as the default."""

import os

__all__ = [
    "ACCESSIBILITY_CHECKED_ON",
    "LETTERHEAD",
    "MUNICIPALITY_ADDRESS",
    "MUNICIPALITY_BIC",
    "MUNICIPALITY_IBAN",
    "MUNICIPALITY_NAME",
    "MUNICIPALITY_PHONE",
    "MUNICIPALITY_WEBSITE",
    "PAYMENT_FOUR_EYES_AMOUNT",
    "PRIVACY_CONTROLLER",
    "PRIVACY_DPO_CONTACT",
    "RECLAIM_IBAN",
    "RECLAIM_WEEKS",
]  # fmt: skip

MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Gemeente Maastricht")
MUNICIPALITY_ADDRESS = os.environ.get("MUNICIPALITY_ADDRESS", "Mosae Forum 10, 6211 DW Maastricht")
MUNICIPALITY_PHONE = os.environ.get("MUNICIPALITY_PHONE", "14 043")
MUNICIPALITY_WEBSITE = os.environ.get("MUNICIPALITY_WEBSITE", "https://www.gemeentemaastricht.nl")
# The date of the last accessibility check (ISO), shown in the accessibility statement.
ACCESSIBILITY_CHECKED_ON = os.environ.get("ACCESSIBILITY_CHECKED_ON", "2026-12-01")
# The letterhead and contact details of every letter (letters/); each from LETTERHEAD_<KEY> in the environment.
LETTERHEAD = {"name": MUNICIPALITY_NAME} | {
    key: os.environ.get(f"LETTERHEAD_{key.upper()}", default)
    for key, default in (
        ("address", MUNICIPALITY_ADDRESS),
        ("postal_address", "Postbus 1992, 6201 BZ Maastricht"),
        ("phone", MUNICIPALITY_PHONE),
        ("email", "subsidies@maastricht.nl"),
        ("website", MUNICIPALITY_WEBSITE),
    )
}
# The controller of the key-person network's data (AVG art. 4(7)) and how to reach the data protection officer,
# shown in the processing register, the DPIA draft and every key person's copy of their data.
PRIVACY_CONTROLLER = os.environ.get(
    "PRIVACY_CONTROLLER", "Het college van burgemeester en wethouders van de gemeente Maastricht"
)
PRIVACY_DPO_CONTACT = os.environ.get("PRIVACY_DPO_CONTACT", "")
# The debtor account of the SEPA file (a fictitious default); above this grant its decider may not approve its payment.
MUNICIPALITY_IBAN = os.environ.get("MUNICIPALITY_IBAN", "NL14BNGH0285001234")
MUNICIPALITY_BIC = os.environ.get("MUNICIPALITY_BIC", "BNGHNL2G")
PAYMENT_FOUR_EYES_AMOUNT = os.environ.get("PAYMENT_FOUR_EYES_AMOUNT", "10000")  # euros
# Where an organisation pays a reclaimed subsidy back to (stated in the reclaim letter), and within how many weeks
# of the letter's date (Awb 4:57; the term the reclaim decision sets).
RECLAIM_IBAN = os.environ.get("RECLAIM_IBAN", MUNICIPALITY_IBAN)
RECLAIM_WEEKS = int(os.environ.get("RECLAIM_WEEKS", "6"))
