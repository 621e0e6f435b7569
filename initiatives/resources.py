"""Spreadsheet import and export of the registry (django-import-export).

An import is all or nothing: the admin shows a dry run with every bad row and its reason, and a file
with any bad row imports nothing (IMPORT_EXPORT_USE_TRANSACTIONS, and the confirm step is only
offered for a clean file).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from maastricht_inclusie.spreadsheets import FormulaSafeResource

from .models import Campaign, Initiative, Neighbourhood, Organisation, TargetGroup, Theme
from .services import unique_slug
from .validators import normalise_postcode


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Names separated by ';'. An unknown name is an error, never silently dropped."""

    def __init__(self, model, field="name", label=""):
        super().__init__(model, separator=";", field=field)
        self.label = label
        self.reset()

    def reset(self):
        self._by_name = None

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(self.separator) if name.strip()]
        if self._by_name is None:
            # Reference lists are short: read them once per import instead of once per row.
            self._by_name = {getattr(obj, self.field): obj for obj in self.model.objects.all()}
        unknown = [name for name in names if name not in self._by_name]
        if unknown:
            raise ValueError(
                _("Unknown %(what)s: %(names)s") % {"what": self.label, "names": ", ".join(unknown)}
            )
        return [self._by_name[name] for name in names]


def m2m(column, attribute, model, label):
    return fields.Field(
        column_name=column, attribute=attribute, widget=StrictManyToManyWidget(model, label=label)
    )


class RegistryResource(FormulaSafeResource):
    """Shared import behaviour: m2m names checked up front, duplicates within the file refused."""

    unique_columns: tuple[str, ...] = ()

    def before_import(self, dataset, **kwargs):
        self._seen = {column: {} for column in self.unique_columns}
        for field in self.get_import_fields():
            if isinstance(field.widget, StrictManyToManyWidget):
                field.widget.reset()

    def before_import_row(self, row, row_number=None, **kwargs):
        for column in self.unique_columns:
            value = str(row.get(column) or "").strip().lower()
            if not value:
                continue
            first = self._seen[column].setdefault(value, row_number)
            if first != row_number:
                raise ValueError(
                    _("%(column)s “%(value)s” also appears in row %(row)s of this file.")
                    % {"column": column, "value": row.get(column), "row": first}
                )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, StrictManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors.setdefault(field.attribute, []).append(str(error))
        if errors:
            raise ValidationError(errors)


class OrganisationResource(RegistryResource):
    neighbourhoods = m2m("neighbourhoods", "neighbourhoods", Neighbourhood, _("neighbourhood"))
    themes = m2m("themes", "themes", Theme, _("theme"))
    target_groups = m2m("target_groups", "target_groups", TargetGroup, _("target group"))
    unique_columns = ("name", "kvk_number")

    class Meta:
        model = Organisation
        import_id_fields = ("name",)
        fields = (
            "name", "kind", "kvk_number", "street", "house_number", "postcode", "city", "website", "email",
            "phone", "description", "neighbourhoods", "themes", "target_groups", "is_subsidised", "is_public",
            "status",
        )  # fmt: skip
        export_order = fields
        clean_model_instances = True
        # No per-row diff: the preview lists new and changed rows, which is what officers check.
        skip_diff = True

    def import_instance(self, instance, row, **kwargs):
        if row.get("kvk_number") is not None:
            row["kvk_number"] = str(row["kvk_number"]).strip().removesuffix(".0")
        if row.get("postcode"):
            row["postcode"] = normalise_postcode(str(row["postcode"]))
        super().import_instance(instance, row, **kwargs)
        if not instance.status:
            instance.status = Organisation.Status.TO_VERIFY
        if not instance.slug:
            instance.slug = unique_slug(Organisation, instance.name)


class InitiativeResource(RegistryResource):
    organisation = fields.Field(
        column_name="organisation",
        attribute="organisation",
        widget=widgets.ForeignKeyWidget(Organisation, field="name"),
    )
    campaign = fields.Field(
        column_name="campaign", attribute="campaign", widget=widgets.ForeignKeyWidget(Campaign, field="name")
    )
    neighbourhoods = m2m("neighbourhoods", "neighbourhoods", Neighbourhood, _("neighbourhood"))
    themes = m2m("themes", "themes", Theme, _("theme"))
    target_groups = m2m("target_groups", "target_groups", TargetGroup, _("target group"))

    class Meta:
        model = Initiative
        import_id_fields = ("slug",)
        fields = (
            "slug", "title", "organisation", "description", "status", "starts_on", "ends_on", "campaign",
            "neighbourhoods", "themes", "target_groups", "is_public",
        )  # fmt: skip
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    unique_columns = ("slug",)

    def before_import(self, dataset, **kwargs):
        # The slug identifies an initiative; a file of new initiatives may leave it out.
        if "slug" not in dataset.headers:
            dataset.append_col([""] * dataset.height, header="slug")
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        if not row.get("slug") and row.get("title"):
            row["slug"] = unique_slug(Initiative, str(row["title"]))
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        organisation = str(row.get("organisation") or "").strip()
        if organisation and not Organisation.objects.filter(name=organisation).exists():
            raise ValidationError(
                {"organisation": _("Unknown organisation: %(name)s") % {"name": organisation}}
            )
        super().import_instance(instance, row, **kwargs)
