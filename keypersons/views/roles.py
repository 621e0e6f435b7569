"""The director gives and takes the network roles: nobody else can (accounts/privileges.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.privileges import NETWORK_ROLES, set_network_role
from accounts.roles import DIRECTOR, NETWORK_STAFF, ROLES

from ..permissions import director_required


class GrantForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("User name of the colleague"),
        max_length=150,
        error_messages={"required": gettext_lazy("Fill in the user name of the colleague.")},
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(NETWORK_STAFF, ROLES[NETWORK_STAFF]["label"]), (DIRECTOR, ROLES[DIRECTOR]["label"])],
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        # Exactly this user name, and only municipal staff: a look-alike name or an applicant's account
        # must never receive access to the key-person data.
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no active user with this user name."))
        if not user.is_municipal_staff:
            raise forms.ValidationError(_("Only municipal staff can have a network role."))
        self.user = user
        return username


def _page(request, form, status=200):
    holders = (
        get_user_model()
        .objects.filter(groups__name__in=NETWORK_ROLES)
        .distinct()
        .order_by("username")
        .prefetch_related("groups")
    )
    people = [
        (
            person,
            sorted((g.name, ROLES[g.name]["label"]) for g in person.groups.all() if g.name in NETWORK_ROLES),
        )
        for person in holders
    ]
    return render(request, "keypersons/roles.html", {"form": form, "people": people}, status=status)


@director_required
def network_roles(request):
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_network_role(by=request.user, user=form.user, role=form.cleaned_data["role"], holds=True)
        except PermissionDenied as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("%(user)s now has the role.") % {"user": form.user.get_username()})
            return redirect("network:roles")
    return _page(request, form, status=400 if form.errors else 200)


@director_required
@require_POST
def network_role_remove(request, pk, role):
    user = get_object_or_404(get_user_model(), pk=pk)
    if role not in NETWORK_ROLES or not Group.objects.filter(name=role).exists():
        raise PermissionDenied
    try:
        set_network_role(by=request.user, user=user, role=role, holds=False)
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The role of %(user)s is taken away.") % {"user": user.get_username()})
    return redirect("network:roles")
