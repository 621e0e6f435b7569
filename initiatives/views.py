"""Public directory (organisations, initiatives, campaigns), the portal's registry pages and self-registration."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import throttle
from maastricht_inclusie.caching import cached_public_page

from . import queries, services
from .filters import InitiativeFilter, OrganisationFilter
from .forms import ORGANISATION_FIELDS, BankAccountForm, InitiativeForm, OrganisationForm, RegistrationForm
from .permissions import initiatives_of, organisations_of

PAGE_SIZE = 20


def _directory(request, filterset, template):
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {"filter": filterset, "page": page, "query": query.urlencode()})


@cached_public_page(reads=("registry",))
def organisation_list(request):
    return _directory(
        request,
        OrganisationFilter(request.GET, queryset=queries.listed_organisations()),
        "initiatives/organisation_list.html",
    )


@cached_public_page(reads=("registry",))
def organisation_detail(request, slug):
    organisation = get_object_or_404(queries.organisation_page(slug))
    return render(request, "initiatives/organisation_detail.html", {"organisation": organisation})


@cached_public_page(reads=("registry",))
def initiative_list(request):
    return _directory(
        request,
        InitiativeFilter(request.GET, queryset=queries.listed_initiatives()),
        "initiatives/initiative_list.html",
    )


@cached_public_page(reads=("registry",))
def initiative_detail(request, slug):
    initiative = get_object_or_404(queries.initiative_page(slug))
    return render(request, "initiatives/initiative_detail.html", {"initiative": initiative})


@cached_public_page(reads=("registry",))
def campaign_list(request):
    return render(request, "initiatives/campaign_list.html", {"campaigns": queries.campaigns()})


@cached_public_page(reads=("registry",))
def campaign_detail(request, slug):
    campaign = get_object_or_404(queries.campaign_page(slug))
    return render(request, "initiatives/campaign_detail.html", {"campaign": campaign})


REGISTRATIONS_PER_HOUR = 20


def register(request):
    """Self-registration: an account and a request to register the organisation."""
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and not throttle.allow(
        request, "register", limit=REGISTRATIONS_PER_HOUR, per_seconds=3600
    ):
        # Each attempt says whether a user name is taken; so nobody tries thousands of names. The form is
        # shown again with what was typed, but not checked: that would say it once more.
        typed = {name: values if len(values) > 1 else values[0] for name, values in request.POST.lists()}
        throttled = _("Too many registrations from your connection. Please try again in an hour.")
        return render(
            request,
            "initiatives/register.html",
            {"form": RegistrationForm(initial=typed), "throttled": throttled},
            status=429,
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, _organisation = services.register_organisation(
                account={
                    "username": data["username"],
                    "email": data["contact_email"],
                    "password": data["password1"],
                    "first_name": data["first_name"],
                },
                organisation={name: data[name] for name in ORGANISATION_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)  # beside the field it names, if it names one
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _(
                    "Thank you. The municipality checks your registration; you will get an e-mail when it is approved."
                ),
            )
            return redirect("portal:home")
    return render(request, "initiatives/register.html", {"form": form})


@login_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(organisations_of(request.user), pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        was_verified = organisation.status == organisation.Status.VERIFIED
        updated = services.update_organisation(
            organisation=organisation, data={name: form.cleaned_data[name] for name in ORGANISATION_FIELDS}
        )
        if was_verified and updated.status != updated.Status.VERIFIED:
            messages.success(
                request,
                _(
                    "Your changes are saved. The municipality checks them before they appear in the directory."
                ),
            )
        else:
            messages.success(request, _("Your changes are saved."))
        return redirect("portal:home")
    return render(request, "portal/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def organisation_bank_account(request, pk):
    """A member records the organisation's bank account; an officer verifies it before any payment to it."""
    organisation = get_object_or_404(organisations_of(request.user), pk=pk)
    initial = {"iban": organisation.iban, "account_holder": organisation.account_holder}
    form = BankAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_bank_account(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The bank account is saved. The municipality verifies it before paying to it.")
            )
            return redirect("portal:organisation_bank_account", organisation.pk)
    return render(request, "portal/bank_account.html", {"form": form, "organisation": organisation})


@login_required
def initiative_create(request, pk):
    organisation = get_object_or_404(organisations_of(request.user), pk=pk)
    return _initiative_form(request, organisation, None)


@login_required
def initiative_edit(request, pk):
    initiative = get_object_or_404(initiatives_of(request.user).select_related("organisation"), pk=pk)
    return _initiative_form(request, initiative.organisation, initiative)


def _initiative_form(request, organisation, initiative):
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_initiative(organisation=organisation, initiative=initiative, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The initiative is saved."))
            return redirect("portal:home")
    return render(
        request,
        "portal/initiative_form.html",
        {"form": form, "organisation": organisation, "initiative": initiative},
    )
