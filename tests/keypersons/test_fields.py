"""The exact fields of every key-person model. Adding one is a deliberate, reviewed change: there is
no place for religion, ethnicity, political opinion, health or sexual orientation (AVG art. 9)."""

from django.apps import apps

from keypersons.models import ContactMoment, Signal, TemperatureReading

FIELDS = {
    # The mark says which entries are a special category themselves; it describes the list, not a person.
    "Domain": ["id", "name", "name_en", "is_special", "special_category"],
    "Topic": ["id", "name", "name_en", "is_special", "special_category"],
    "Partner": ["id", "name", "name_en", "contact_email"],
    "Escalation": ["id", "signal", "partner", "summary", "sent_to", "by", "at", "feedback", "feedback_on"],
    "KeyPerson": [
        "id", "name", "email", "phone", "status", "contact_every_weeks", "introduced_by", "neighbourhoods",
        "domains", "languages", "position", "created_at", "updated_at", "erased_at", "restricted_at",
        "informed_on", "informed_how", "informed_by", "information_text",  # AVG art. 14
    ],
    "InformationText": ["id", "version", "body", "created_at", "created_by"],
    "Consent": ["id", "key_person", "given_on", "scope", "expires_on", "evidence", "special_categories", "withdrawn_on", "recorded_by", "recorded_at"],
    "Network": ["id", "name", "kind", "category", "neighbourhoods", "description", "created_at"],
    "Tie": ["id", "key_person", "network", "other_person", "organisation", "role", "strength", "created_at"],
    "ContactMoment": ["id", "occurred_on", "key_persons", "staff_member", "channel", "topics", "notes", "is_informing", "follow_up", "created_at"],
    "LastContact": ["key_person", "occurred_on"],  # derived from the contact moments by the services
    "TemperatureReading": ["id", "neighbourhood", "level", "measured_on", "source", "recorded_by", "created_at"],
    "Signal": [
        "id", "observed_on", "neighbourhood", "theme", "severity", "source", "description", "state", "escalated_to",
        "recorded_by", "created_at", "closed_at", "owner", "respond_by",
    ],
    "SignalStateChange": ["id", "signal", "from_state", "to_state", "note", "by", "at"],
    "Action": ["id", "signal", "key_person", "description", "owner", "due_on", "done_on", "cancel_reason", "created_at"],
    "RightsRequest": [
        "id", "key_person", "right", "received_on", "decided_on", "outcome", "grounds", "copy_json", "copy_pdf",
        "recorded_by", "recorded_at",
    ],
    "Rectification": ["id", "request", "field", "before", "after"],
    "RetentionReview": ["id", "key_person", "decision", "reason", "decided_on", "by"],
    "AccessLog": ["id", "at", "user", "what", "object_type", "object_id", "path", "detail"],
    "ShownPerson": ["id", "entry", "key_person_id"],
}  # fmt: skip

SPECIAL_CATEGORIES = ("relig", "geloof", "ethnic", "etnic", "origin", "afkomst", "politic", "health", "gezond", "sexual", "seksu", "orientation", "race")  # fmt: skip


def _own_fields(model):
    return [f.name for f in model._meta.get_fields() if not f.auto_created or f.name == "id"]


def test_every_key_person_model_has_exactly_the_reviewed_fields():
    models = {
        model.__name__: sorted(_own_fields(model)) for model in apps.get_app_config("keypersons").get_models()
    }

    assert models == {name: sorted(fields) for name, fields in FIELDS.items()}


def test_no_field_name_hints_at_a_special_category_of_personal_data():
    names = [name.lower() for fields in FIELDS.values() for name in fields]

    assert [n for n in names if any(word in n for word in SPECIAL_CATEGORIES)] == []


def test_signals_and_temperatures_have_no_link_to_any_person():
    from keypersons.models import KeyPerson

    for model in (Signal, TemperatureReading):
        targets = {f.related_model for f in model._meta.get_fields() if f.is_relation and not f.auto_created}
        assert KeyPerson not in targets
        assert ContactMoment not in targets
