"""Password reset that does the same work for a known and an unknown address (no account discovery).

Django's own form looks the address up and renders and sends the mail during the request, so a known
address answers measurably slower than an unknown one. Here the request only queues one task with the
address it was given — the same for every address — and the worker looks it up and sends the mail.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.db import transaction
from django.utils.translation import get_language

from .tasks import send_password_reset


class QueuedPasswordResetForm(PasswordResetForm):
    def save(self, **kwargs):
        email = self.cleaned_data["email"]
        language = get_language()
        transaction.on_commit(lambda: send_password_reset.delay(email, language), robust=True)


class QueuedPasswordResetView(PasswordResetView):
    form_class = QueuedPasswordResetForm
