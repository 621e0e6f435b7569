"""Password reset that does the same work for a known and an unknown address (no account discovery).

Django's own form looks the address up and renders and sends the mail during the request, so a known
address answers measurably slower than an unknown one. Here the request only writes one outbox message
with the address it was given — the same for every address — and the worker looks it up and sends the mail.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.utils.translation import get_language

from outbox import services as outbox


class QueuedPasswordResetForm(PasswordResetForm):
    def save(self, **kwargs):
        email = self.cleaned_data["email"]
        outbox.enqueue("accounts.tasks.send_password_reset", email, get_language())


class QueuedPasswordResetView(PasswordResetView):
    form_class = QueuedPasswordResetForm
