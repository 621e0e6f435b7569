from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie.forms.choices import GroupedModelMultipleChoiceField

from .models import Initiative, Organisation
from .validators import normalise_postcode

ORGANISATION_FIELDS = [
    "name", "kind", "kvk_number", "street", "house_number", "postcode", "city", "website", "email", "phone",
    "description", "neighbourhoods", "themes", "target_groups", "is_public",
]  # fmt: skip


class NeighbourhoodsField(GroupedModelMultipleChoiceField):
    """Maastricht's neighbourhoods as checkboxes in a fieldset per district, each with a box for the whole district."""

    group_by = "district"
    whole_group_label = _("The whole %(group)s district")


def _already_registered(message, organisation: Organisation):
    """The error for a duplicate registration, naming (and, when public, linking to) the existing one."""
    if organisation.is_listed:
        name = format_html('<a href="{}">{}</a>', organisation.get_absolute_url(), organisation.name)
    else:
        name = organisation.name
    return format_html(
        "{} {}",
        format_html(str(message), name=name),
        _("Ask its contact person to add you as a member, or contact the municipality."),
    )


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        field_classes = {"neighbourhoods": NeighbourhoodsField}
        error_messages = {"name": {"required": _("Fill in the name of your organisation.")}}
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        return normalise_postcode(postcode) if postcode else postcode

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        existing = Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if existing:
            raise forms.ValidationError(
                _already_registered(_("{name} is already registered under this name."), existing)
            )
        return name

    def clean_kvk_number(self):
        number = self.cleaned_data["kvk_number"].strip()
        if number:
            existing = Organisation.objects.filter(kvk_number=number).exclude(pk=self.instance.pk).first()
            if existing:
                raise forms.ValidationError(
                    _already_registered(_("{name} is already registered with this KvK number."), existing)
                )
        return number


class RegistrationForm(OrganisationForm):
    """A new account together with a request to register its organisation."""

    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("Your name"), max_length=150)
    contact_email = forms.EmailField(label=_("Your e-mail address"))
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False,
                                help_text=password_validation.password_validators_help_text_html())  # fmt: skip
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    field_order = ["first_name", "contact_email", "username", "password1", "password2", *ORGANISATION_FIELDS]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken; choose another."))
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            user = get_user_model()(
                username=cleaned.get("username", ""), email=cleaned.get("contact_email", "")
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "title", "description", "status", "starts_on", "ends_on", "campaign",
            "themes", "neighbourhoods", "target_groups", "is_public",
        ]  # fmt: skip
        field_classes = {"neighbourhoods": NeighbourhoodsField}
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date is before the start date."))
        return cleaned


class BankAccountForm(forms.Form):
    iban = forms.CharField(
        label=_("IBAN"), max_length=42, help_text=_("The account on which the organisation receives subsidies, for "
                                                    "example NL91 ABNA 0417 1643 00."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )  # fmt: skip
    account_holder = forms.CharField(label=_("Account holder"), max_length=200)
