"""A user's own pages: the profile with their preferences, and extending a staff session."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .middleware import restart_idle_timer
from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "email", "language", "reminder_delivery"]
        widgets = {"reminder_delivery": forms.RadioSelect}


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    form.fields["reminder_delivery"].choices = [
        ("", _("the default (a daily digest for municipal staff, otherwise immediately)")),
        *User.ReminderDelivery.choices,
    ]
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("portal:profile")
    return render(request, "portal/profile.html", {"form": form})


@login_required
def extend_session(request):
    """Staff extend their session before it expires (WCAG 2.2.1); the middleware resets the idle timer."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    if request.method == "POST":
        restart_idle_timer(request.session)
        messages.success(request, _("Your session is extended."))
    return redirect(target)
