"""Password reset that does the same work for a known and an unknown address (no account discovery).

Django's own form looks the address up and renders and sends the mail during the request, so a known
address answers measurably slower than an unknown one. Here the request only writes one outbox message
with the address it was given — the same for every address — and the worker looks it up and sends the mail.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponseRedirect
from django.utils.translation import get_language

from outbox import services as outbox

from . import throttle


class QueuedPasswordResetForm(PasswordResetForm):
    def save(self, **kwargs):
        email = self.cleaned_data["email"]
        outbox.enqueue("accounts.tasks.send_password_reset", email, get_language())


class QueuedPasswordResetView(PasswordResetView):
    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        # At most a few reset mails an hour per connection, so nobody floods someone's mailbox with them;
        # past that the page answers the same as always and nothing is sent.
        if not throttle.allow(self.request, "password_reset", limit=RESETS_PER_HOUR, per_seconds=3600):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


RESETS_PER_HOUR = 5
