"""Spreadsheet import and export of the registry (django-import-export).

An import is all or nothing: the admin shows a dry run with every bad row and its reason, and a file
with any bad row imports nothing (IMPORT_EXPORT_USE_TRANSACTIONS, and the confirm step is only
offered for a clean file).

Organisations are imported in bulk (10,000 rows in seconds, not minutes): existing rows are read in
one query, the unique fields and constraints are checked against an index read once per import
instead of with five queries per row, and rows and their many-to-many links are written in batches.
The database's constraints remain the last guard: a row that slips past the index (a concurrent
edit) fails the batch, and the transaction rolls the whole import back.
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader

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


class OrganisationIndex:
    """The names, slugs and KvK numbers the registry already holds, read once per import.

    Each value maps to its owner: ("db", pk) for a stored organisation, ("row", id) for a row of
    this import, so that a row never clashes with itself and a later row clashes with an earlier one.
    """

    def __init__(self):
        self.values = {"name": {}, "slug": {}, "kvk_number": {}}
        for pk, *row in Organisation.objects.values_list("pk", "name", "slug", "kvk_number"):
            for column, value in zip(self.values, row, strict=True):
                if value:
                    self.values[column][value] = ("db", pk)

    @staticmethod
    def owner(instance) -> tuple:
        return ("db", instance.pk) if instance.pk else ("row", id(instance))

    def taken(self, column: str, instance) -> bool:
        owner = self.values[column].get(getattr(instance, column))
        return owner is not None and owner != self.owner(instance)

    def claim(self, instance) -> None:
        for column, values in self.values.items():
            if getattr(instance, column):
                values[getattr(instance, column)] = self.owner(instance)

    def free_slug(self, name: str) -> str:
        """A slug no organisation has yet; the same rule as initiatives.services.unique_slug."""
        base = slugify(name)[:180] or "item"
        slug, counter = base, 2
        while slug in self.values["slug"]:
            slug = f"{base}-{counter}"
            counter += 1
        return slug


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
        # Existing organisations in one query; rows and links in batches (see the module docstring).
        instance_loader_class = CachedInstanceLoader
        use_bulk = True
        batch_size = 1000

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.index = OrganisationIndex()
        self.links = []  # (instance, is an update, {m2m attribute: targets}), waiting for the batch

    def import_instance(self, instance, row, **kwargs):
        if row.get("kvk_number") is not None:
            row["kvk_number"] = str(row["kvk_number"]).strip().removesuffix(".0")
        if row.get("postcode"):
            row["postcode"] = normalise_postcode(str(row["postcode"]))
        super().import_instance(instance, row, **kwargs)
        if not instance.status:
            instance.status = Organisation.Status.TO_VERIFY
        if not instance.slug:
            instance.slug = self.index.free_slug(instance.name)
        if instance.pk:
            instance.updated_at = timezone.now()  # bulk_update() leaves auto_now fields alone

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Model.full_clean(), with its unique and constraint checks answered by the index, not by queries.

        As in full_clean(), a field that failed validation is not checked for uniqueness, and the
        errors are the model's own messages.
        """
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for column in ("name", "slug"):
            if column not in errors and self.index.taken(column, instance):
                errors.setdefault(column, []).append(instance.unique_error_message(Organisation, (column,)))
        constraints = {constraint.name: constraint for constraint in Organisation._meta.constraints}
        if "kvk_number" not in errors and instance.kvk_number:
            if not re.fullmatch(r"[0-9]{8}", instance.kvk_number):
                errors = _violated(constraints["organisation_kvk_number_8_digits"]).update_error_dict(errors)
            elif self.index.taken("kvk_number", instance):
                errors = _violated(constraints["organisation_kvk_number_unique"]).update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        self.index.claim(instance)

    def get_bulk_update_fields(self):
        concrete = {field.name for field in Organisation._meta.concrete_fields}
        return [name for name in super().get_bulk_update_fields() if name in concrete] + ["updated_at"]

    def save_m2m(self, instance, row, **kwargs):
        # With use_bulk, django-import-export leaves many-to-many fields alone; they follow each batch.
        links = {
            field.attribute: field.clean(row)
            for field in self.get_import_fields()
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row
        }
        self.links.append((instance, instance.pk is not None, links))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        if using_transactions or not dry_run:
            self._write_links()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        if using_transactions or not dry_run:
            self._write_links()

    def _write_links(self):
        """The many-to-many rows of every saved instance; an updated row's links are replaced, as set() does."""
        ready = [entry for entry in self.links if entry[0].pk]
        self.links = [entry for entry in self.links if not entry[0].pk]
        for attribute in {attribute for _instance, _update, links in ready for attribute in links}:
            field = Organisation._meta.get_field(attribute)
            Through, source, target = (
                field.remote_field.through,
                field.m2m_field_name(),
                field.m2m_reverse_field_name(),
            )
            rows = [
                (instance, update, links[attribute])
                for instance, update, links in ready
                if attribute in links
            ]
            updated = [instance.pk for instance, update, _items in rows if update]
            if updated:
                Through.objects.filter(**{f"{source}__in": updated}).delete()
            Through.objects.bulk_create(
                [
                    Through(**{source: instance, target: item})
                    for instance, _update, items in rows
                    for item in items
                ],
                batch_size=1000,
            )


def _violated(constraint) -> ValidationError:
    return ValidationError(
        {
            NON_FIELD_ERRORS: [
                ValidationError(
                    constraint.get_violation_error_message(), code=constraint.violation_error_code
                )
            ]
        }
    )


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
