"""A user's own pages: the profile with their preferences, extending a staff session, and the two-factor
login (django-two-factor-auth's views with the portal's issuer, forms and way back to the page)."""

import functools

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from two_factor import views as two_factor_views
from two_factor.plugins.email.utils import mask_email
from two_factor.utils import default_device, get_otpauth_url

from . import login_limit
from .forms import BackupCodeForm, LoginCodeForm, MailedCodeForm, PasswordForm
from .menu import start_url
from .middleware import restart_idle_timer, second_factor_url
from .models import MailedCodeDevice, User


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
def start(request):
    """Where a login without a `next` lands: the start page of the user's own work (accounts/menu.py)."""
    return redirect(start_url(request.user))


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


def verified_required(view):
    """Like django-otp's `otp_required`, but an unverified user goes to set up or confirm a code, not round
    in circles through the login page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_verified():
            return redirect(second_factor_url(request.user, request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


def _safe_next(request, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _with_next(url: str, target: str) -> str:
    return f"{url}?{urlencode({'next': target})}" if target else url


class LoginView(two_factor_views.LoginView):
    """The password, then, for a user with a device, the code from the app or a backup code (one wizard).

    At the account's soft limit (`accounts/login_limit.py`) a user without an app is asked, after the password,
    for a one-time code that is mailed to the account's address; that login does not count as a second factor.
    """

    MAILED_CODE = "mailed_code_device"
    form_list = (
        (two_factor_views.LoginView.AUTH_STEP, PasswordForm),
        (two_factor_views.LoginView.TOKEN_STEP, LoginCodeForm),
        (two_factor_views.LoginView.BACKUP_STEP, BackupCodeForm),
    )

    def has_token_step(self):
        return bool(super().has_token_step() or self.storage.data.get(self.MAILED_CODE))

    condition_dict = {
        two_factor_views.LoginView.TOKEN_STEP: has_token_step,
        two_factor_views.LoginView.BACKUP_STEP: two_factor_views.LoginView.has_backup_step,
    }

    def process_step(self, form):
        data = super().process_step(form)
        if self.steps.current == self.AUTH_STEP:
            self.user_cache = self.device_cache = None  # the user of this password, not of an earlier try
            user = self.get_user()
            if user and not default_device(user) and login_limit.is_exceeded(user.get_username()):
                self.storage.data[self.MAILED_CODE] = login_limit.start_mailed_code(user).pk
        return data

    def get_device(self, step=None):
        device_id = self.storage.data.get(self.MAILED_CODE)
        if device_id and step != self.BACKUP_STEP:
            if not isinstance(self.device_cache, MailedCodeDevice):
                user = self.get_user()
                device = MailedCodeDevice.objects.filter(pk=device_id, user=user).first()
                if device is None:  # removed meanwhile: this login gets a new one
                    device = login_limit.start_mailed_code(user)
                    self.storage.data[self.MAILED_CODE] = device.pk
                self.device_cache = device
            return self.device_cache
        return super().get_device(step)

    def get_form_list(self):
        form_list = super().get_form_list()
        if self.TOKEN_STEP in form_list and self.storage.data.get(self.MAILED_CODE):
            form_list[self.TOKEN_STEP] = MailedCodeForm
        return form_list

    def done(self, form_list, **kwargs):
        user = self.get_user()
        if isinstance(getattr(user, "otp_device", None), MailedCodeDevice):
            # The mailed code shows the person can read the account's mail, not that they hold its second factor:
            # the session is not verified, so staff still confirm (or set up) their authenticator app.
            del user.otp_device
        return super().done(form_list, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        # Someone logged in goes on to the start page, unless their session still has to confirm the code of
        # their device. Sent here from a page (`next`) they are refused, such as the admin for a member, they
        # see the form to log in with another account: sending them back would go round in circles.
        user = request.user
        if (
            user.is_authenticated
            and not self.get_redirect_url()
            and (user.is_verified() or not default_device(user))
        ):
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form, **kwargs):
        user = self.request.user
        must_confirm = user.is_authenticated and not user.is_verified() and bool(default_device(user))
        context = {**super().get_context_data(form, **kwargs), "must_confirm": must_confirm}
        if self.steps.current == self.TOKEN_STEP and self.storage.data.get(self.MAILED_CODE):
            email = self.get_user().email
            context.update(mailed_to=mask_email(email), code_minutes=login_limit.code_minutes())
        return context


class SetupView(two_factor_views.SetupView):
    """The setup wizard: a word of explanation, then the QR code with the key as text and the first code.

    Only for an account without a second factor, for every method: the package refuses a user with a
    device on GET only, so a session that never confirmed a code could otherwise post the wizard's steps
    and add a device of its own — a complete bypass of the second factor.
    """

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and default_device(user):
            if user.is_verified():
                return redirect("home")
            return redirect(_with_next(reverse("login"), request.GET.get("next", "")))
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return _with_next(reverse("two_factor:setup_complete"), self.get_redirect_url())

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if "secret_key" in context:
            key = context["secret_key"]
            context["issuer"] = settings.OTP_TOTP_ISSUER
            context["otpauth_url"] = get_otpauth_url(
                self.request.user.get_username(), key, settings.OTP_TOTP_ISSUER, context["totp_digits"]
            )
            context["secret_key_groups"] = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        return context


class QRGeneratorView(two_factor_views.QRGeneratorView):
    def get_issuer(self):
        return settings.OTP_TOTP_ISSUER


@method_decorator(verified_required, name="dispatch")
class SetupCompleteView(two_factor_views.SetupCompleteView):
    """Set up: offer the backup codes, then go on to the page the user was on their way to."""

    def get(self, request, *args, **kwargs):
        # The package jumps straight to the next page; the backup codes would then never be offered.
        return TemplateView.get(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        session_next = self.request.session.pop("next", "")
        return {**super().get_context_data(**kwargs), "next": _safe_next(self.request) or session_next}


@method_decorator(verified_required, name="dispatch")
class BackupTokensView(two_factor_views.BackupTokensView):
    """Ten backup codes to print, each good for one login; making new ones voids the old."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _safe_next(self.request)}

    def form_valid(self, form):
        super().form_valid(form)
        return redirect(_with_next(reverse("two_factor:backup_tokens"), _safe_next(self.request)))
