"""How every form of the portal renders: the project's templates, and error messages that name their field.

Django's messages say "This field is required." and "Enter a number." without saying which field; in an
error summary above the form a person cannot tell what to fix. The bound fields made by this renderer
(FORM_RENDERER in the settings) give each of Django's own messages again in words that name the field:
"Fill in “Project title”." A message a form or a service wrote itself is left as it is.
"""

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# What a required field says when it is empty, by the kind of field.
REQUIRED = {
    "text": _("Fill in “%(label)s”."),
    "number": _("Fill in a number for “%(label)s”."),
    "date": _("Fill in a date for “%(label)s”."),
    "choice": _("Choose an answer for “%(label)s”."),
    "choices": _("Choose at least one option for “%(label)s”."),
    "tick": _("Tick “%(label)s”."),
    "file": _("Choose a file for “%(label)s”."),
}
# What a field says about input it cannot read, by the kind of field.
INVALID = {
    "number": _("Enter a number for “%(label)s”, such as 12."),
    "whole": _("Enter a whole number for “%(label)s”, such as 12."),
    "date": _("Enter a real date for “%(label)s”."),
    "email": _("Enter an e-mail address for “%(label)s”, such as name@example.nl."),
    "url": _("Enter a web address for “%(label)s”, such as https://www.example.nl."),
    "choice": _("Choose one of the options for “%(label)s”."),
    "choices": _("Choose one of the options for “%(label)s”."),
}
# The messages of Django's validators, by their code.
LIMITS = {
    "min_value": _("“%(label)s” must be at least %(limit_value)s."),
    "max_value": _("“%(label)s” can be at most %(limit_value)s."),
    "max_length": _("“%(label)s” can be at most %(limit_value)s characters long; now it has %(show_value)s."),
    "min_length": _(
        "“%(label)s” must be at least %(limit_value)s characters long; now it has %(show_value)s."
    ),
    "max_digits": _("“%(label)s” has too many digits."),
    "max_whole_digits": _("“%(label)s” has too many digits."),
    "max_decimal_places": _("“%(label)s” can have at most %(max)s digits after the decimal separator."),
    "invalid_choice": INVALID["choice"],
    "invalid_list": INVALID["choices"],
    "invalid_pk_value": INVALID["choices"],
    "empty": _("The file for “%(label)s” is empty."),
}
VALIDATOR_MESSAGES = {
    validators.MinValueValidator.message,
    validators.MaxValueValidator.message,
    validators.MinLengthValidator.message,
    validators.MaxLengthValidator.message,
    validators.EmailValidator.message,
    validators.URLValidator.message,
    *validators.DecimalValidator.messages.values(),
}


def field_kind(field: forms.Field) -> str:
    """The kind of answer a field asks for, which decides how its messages are worded."""
    kinds = [
        (forms.BooleanField, "tick"),
        ((forms.MultipleChoiceField, forms.ModelMultipleChoiceField), "choices"),
        ((forms.ChoiceField, forms.ModelChoiceField), "choice"),
        (forms.FileField, "file"),
        ((forms.DateField, forms.DateTimeField, forms.TimeField), "date"),
        ((forms.DecimalField, forms.FloatField), "number"),
        (forms.IntegerField, "whole"),
        (forms.EmailField, "email"),
        (forms.URLField, "url"),
    ]
    return next((kind for classes, kind in kinds if isinstance(field, classes)), "text")


def _is_djangos_own(field: forms.Field, error: ValidationError) -> bool:
    """Whether the message is the default one of the field's class or of a validator (not one a form set)."""
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    message = error.message
    return message is defaults.get(error.code) or any(message is own for own in VALIDATOR_MESSAGES)


def labelled_message(field: forms.Field, label, error: ValidationError) -> str:
    """The error as a sentence that names the field; a message the form or a service wrote stays as it is."""
    own = str(next(iter(error)))
    if not error.code or not _is_djangos_own(field, error):
        return own
    kind = field_kind(field)
    template = getattr(field, "labelled_error_messages", {}).get(error.code)
    if template is None:
        if error.code == "required":
            template = REQUIRED.get({"whole": "number"}.get(kind, kind), REQUIRED["text"])
        elif error.code == "invalid":
            template = INVALID.get(kind)
        else:
            template = LIMITS.get(error.code)
    if template is None:
        return own
    params = dict(error.params or {})
    if hasattr(field, "message_params"):
        params = {**field.message_params(params.get("value")), **params}
    if "limit_value" in params:
        display = getattr(field, "display", localize)
        params["limit_value"] = display(params["limit_value"])
    return str(template) % {**params, "label": label}


class PortalBoundField(BoundField):
    """A bound field whose errors name it, and which knows where the error summary should link to."""

    @property
    def errors(self):
        errors = super().errors
        if not errors:
            return errors
        return self.form.error_class(
            [labelled_message(self.field, self.label, error) for error in errors.as_data()],
            renderer=self.form.renderer,
            field_id=self.auto_id,
        )

    @cached_property
    def anchor_id(self) -> str:
        """The id of the control the error summary links to: the field itself, or the first of its options."""
        if not self.use_fieldset:
            return self.id_for_label or self.auto_id
        first = getattr(self.field.widget, "first_option_id", None)
        return first(self.auto_id) if first else f"{self.auto_id}_0"


class PortalFormRenderer(TemplatesSetting):
    """The templates of the project (templates/forms/…) over Django's, and bound fields that name their errors."""

    bound_field_class = PortalBoundField
