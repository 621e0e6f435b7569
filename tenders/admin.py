from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie import data_version
from maastricht_inclusie.admin_page_cache import cached_changelist
from maastricht_inclusie.admin_search import BoundedSearchMixin
from maastricht_inclusie.caching import cached
from maastricht_inclusie.readonly_admin import ReadOnlyAdmin

from . import services
from .models import (
    AccountabilityReport,
    Application,
    Assessment,
    BudgetEntry,
    Criterion,
    Decision,
    InformationRequest,
    Objection,
    Payment,
    Programme,
    Reclaim,
    Round,
    RoundAmendment,
    Settlement,
    StatusChange,
)
from .services.rounds import FROZEN_FIELDS, save_round, validate_programme


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("position", "name", "weight", "maximum_score", "guidance")

    def has_change_permission(self, request, obj=None):
        # Awb 4:25: the criteria are frozen once the round's rules are published.
        return not (obj and obj.is_published) and super().has_change_permission(request, obj)

    has_add_permission = has_delete_permission = has_change_permission


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = (
            "programme", "number", "title", "description", "opens_at", "closes_at", "ceiling", "minimum_amount",
            "maximum_amount", "allocation_method", "advance_percentage", "report_due_weeks", "assessment_deadline",
            "minimum_total_score", "assessment_method", "allows_partial_grants", "tie_rule",
            "decision_term_weeks", "applications_per_organisation", "drafts_before_opening",
        )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            candidate = self.instance
            for name, value in cleaned.items():
                setattr(candidate, name, value)
            services.validate_round(candidate)
        return cleaned


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ("number", "title", "opens_at", "closes_at", "ceiling", "allocation_method", "published_at")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ("name", "code", "total_budget", "funding_source", "starts_on", "ends_on", "reporting_tiers")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and self.instance.pk:
            candidate = Programme.objects.get(pk=self.instance.pk)
            for name, value in cleaned.items():
                setattr(candidate, name, value)
            validate_programme(candidate)
        return cleaned


@admin.register(Programme)
class ProgrammeAdmin(BoundedSearchMixin, admin.ModelAdmin):
    form = ProgrammeForm
    list_display = ("name", "code", "total_budget", "starts_on", "ends_on")
    inlines = [RoundInline]

    def get_readonly_fields(self, request, obj=None):
        # Applicants rely on the reporting tiers once a round of the programme is published.
        if obj and obj.rounds.filter(published_at__isnull=False).exists():
            return ("reporting_tiers",)
        return ()

    def save_model(self, request, obj, form, change):
        services.save_programme(programme=obj)


class RoundAmendmentInline(admin.TabularInline):
    model = RoundAmendment
    extra = 0
    fields = ("published_at", "reason", "changes", "published_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(BoundedSearchMixin, admin.ModelAdmin):
    form = RoundForm
    list_display = ("__str__", "opens_at", "closes_at", "ceiling", "allocation_method", "published_at")
    list_filter = ("programme", "allocation_method")
    inlines = [CriterionInline]
    actions = ["publish"]

    def get_inlines(self, request, obj):
        # The amendments of a published round, read-only: they are made on the round's staff page.
        return [CriterionInline, RoundAmendmentInline] if obj and obj.is_published else [CriterionInline]

    def get_readonly_fields(self, request, obj=None):
        # Published rules are frozen (a forged POST of them is ignored, and the database refuses it too);
        # a change is an amendment, published with its reason.
        if obj and obj.is_published:
            return ("published_at", "programme", *FROZEN_FIELDS)
        return ("published_at",)

    def has_delete_permission(self, request, obj=None):
        # Applicants rely on a published round (its criteria too, which the database keeps): it is never deleted.
        return not (obj and obj.is_published) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one round at a time, where the rule above is checked
        return actions

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            save_round(round_=obj)

    @admin.action(
        description=_("Publish the rules of the selected rounds (freezes method, ceiling and criteria)")
    )
    def publish(self, request, queryset):
        for round_ in queryset:
            try:
                services.publish_round(round_=round_, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{round_}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(round)s is published.") % {"round": round_}, messages.SUCCESS)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ("at", "from_state", "to_state", "by", "shown_note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("note"))
    def shown_note(self, change):
        return change.shown_note  # a fixed note of the portal in the reader's language


class RoundListFilter(admin.RelatedFieldListFilter):
    """The round filter in one query: a round's name includes its programme's code."""

    def field_choices(self, field, request, model_admin):
        return [
            (r.pk, str(r))
            for r in Round.objects.select_related("programme")
            .only("number", "title", "programme__code")
            .order_by("programme", "number")
        ]


class WholeCountCachedPaginator(Paginator):
    """The list's pages; the count of the whole list (no filter, no search) kept under the tenders' data version.

    Counting every application grows with the data (a sequential scan); the version is one tiny query. A filtered
    or searched list is counted as before. A committed new application changes the version, so the count is
    never behind.
    """

    @cached_property
    def count(self) -> int:
        if self.object_list.query.where:
            return Paginator.count.func(self)
        version = data_version.versions(("tenders",))
        if version is None:
            return Paginator.count.func(self)
        return cached("admin:applications:count", lambda: Paginator.count.func(self), version=version)


LIST_READS = ("tenders", "registry")


class ApplicationChangeList(ChangeList):
    """The list reads only the columns it shows: a row loads two timestamps instead of eleven."""

    COLUMNS = (
        "reference", "title", "requested_amount", "state", "submitted_at", "created_at", "organisation__name",
        "round__number", "round__title", "round__programme__code",
    )  # fmt: skip

    def get_results(self, request):
        # Here, not in get_queryset(): the actions get full applications from get_queryset().
        self.queryset = self.queryset.only(*self.COLUMNS)
        super().get_results(request)


@admin.register(Application)
class ApplicationAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = (
        "reference",
        "title",
        "organisation",
        "round",
        "requested_amount",
        "state",
        "submitted",
    )
    list_filter = (("round", RoundListFilter), "state")
    search_fields = ("reference", "title", "organisation__name")
    list_select_related = ("organisation", "round__programme")
    # 25 rows, as the portal's own lists, the newest first in the order of an index (application_newest_first),
    # and one COUNT: not a second one of every application next to the count of the filtered list. Each row
    # costs the admin about 0.1 ms to render; with 100 (Django's default) the list could not keep up under load.
    list_per_page = 25
    show_full_result_count = False
    paginator = WholeCountCachedPaginator
    # The state changes only through the workflow (staff pages and services), never by editing the field.
    readonly_fields = (
        "state", "reference", "submitted_at", "submitted_by", "complete_at", "reopened_parts", "created_by",
        "round", "organisation",
    )  # fmt: skip
    inlines = [StatusChangeInline]
    actions = ["mark_eligible"]

    def get_readonly_fields(self, request, obj=None):
        # After submission the applicant's content is read-only for everyone; it changes only through an
        # information request the applicant answers, with history (the database refuses other changes too).
        if obj and not obj.is_editable_draft:
            return [
                field.name
                for field in Application._meta.get_fields()
                if field.concrete and field.editable and not field.primary_key
            ]
        return self.readonly_fields

    def get_changelist(self, request, **kwargs):
        return ApplicationChangeList

    def changelist_view(self, request, extra_context=None):
        # The whole page per user under the numbers of what it shows: the applications and their rounds, the
        # organisations' names (maastricht_inclusie/admin_page_cache.py).
        render = partial(super().changelist_view, request, extra_context)
        return render() if extra_context else cached_changelist(self, request, render, reads=LIST_READS)

    @admin.display(
        description=Application._meta.get_field("submitted_at").verbose_name, ordering="submitted_at"
    )
    def submitted(self, obj):
        # Day and time in figures: a fifth of the cost of the localised long date on every row.
        return timezone.localtime(obj.submitted_at).strftime("%d-%m-%Y %H:%M") if obj.submitted_at else None

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        # The same input as ModelAdmin's, without rendering a form widget through the template engine per row.
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    @admin.action(description=_("Mark the selected submitted applications eligible"))
    def mark_eligible(self, request, queryset):
        for application in queryset:
            try:
                services.mark_eligible(application=application, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{application}: {' '.join(error.messages)}", messages.ERROR)


@admin.register(InformationRequest)
class InformationRequestAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ("application", "deadline", "created_at", "answered_at")
    readonly_fields = (
        "application",
        "requested_by",
        "parts",
        "deadline",
        "created_at",
        "answered_at",
        "answer",
    )


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    """Assessments are assigned, reassigned and submitted through the panel's pages only: a submitted one or a
    declared conflict stays on record (Awb 2:4), and the ranking's totals are kept from them (`tenders.totals`)."""

    list_display = ("application", "assessor", "has_conflict", "submitted_at")
    list_filter = ("has_conflict", "application__round")


@admin.register(BudgetEntry)
class BudgetEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "round", "application", "kind", "amount", "is_objection", "created_by")
    list_filter = ("round", "kind", "is_objection")
    search_fields = ("application__reference",)
    list_select_related = ("round__programme", "application", "created_by")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("application", "outcome", "granted_amount", "decided_at", "decided_by")
    list_filter = ("outcome", "application__round")
    list_select_related = ("application", "decided_by")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("application", "kind", "amount", "status", "ordered_at", "paid_on")
    list_filter = ("kind", "status", "application__round")
    list_select_related = ("application",)


@admin.register(Settlement, Objection, AccountabilityReport, Reclaim)
class MoneyRecordAdmin(ReadOnlyAdmin):
    pass
