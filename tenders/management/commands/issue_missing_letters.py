"""Store a letter for every decision taken before letters were stored (run once after the upgrade).

Those letters used to be drawn from live data at each download, so no original exists: this stores the letter as
the data are now, once, and from then on it is served as stored. They are not mailed unless --send is given.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction

from letters.models import Letter
from tenders.letters import issue_decision_letter
from tenders.models import Decision


class Command(BaseCommand):
    help = "Store a letter for every decision that has none (decisions taken before letters were stored)."

    def add_arguments(self, parser):
        parser.add_argument("--send", action="store_true", help="Also mail each letter to the organisation.")

    def handle(self, *args, send: bool = False, **options):
        with_letter = Letter.objects.filter(subject_type=ContentType.objects.get_for_model(Decision)).values(
            "subject_id"
        )
        missing = Decision.objects.exclude(pk__in=with_letter).select_related(
            "application__round__programme", "application__organisation", "on_objection__decision"
        )
        count = 0
        for decision in missing.order_by("decided_at", "pk"):
            with transaction.atomic():
                issue_decision_letter(decision, send=send)
            count += 1
        self.stdout.write(f"{count} letters stored.")
