"""Many checkboxes made readable: a fieldset per group (a district's neighbourhoods), with a box for the whole group.

The box for a whole group works without JavaScript: ticking it chooses every option of the group when the
form is sent. `static/js/choice-groups.js` ticks and unticks the options at once, as an enhancement.
"""

from itertools import groupby

from django import forms
from django.forms.models import ModelChoiceIterator


class GroupedModelChoiceIterator(ModelChoiceIterator):
    """The choices as (group, [choices]) pairs, as Django's choice widgets take groups."""

    def __iter__(self):
        rows = self.queryset if self.queryset._prefetch_related_lookups else self.queryset.iterator()
        for group, objects in groupby(rows, key=self.field.group_of):
            yield group, [self.choice(obj) for obj in objects]


class GroupedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset per group, each group with a box that chooses all of it."""

    template_name = "forms/widgets/grouped_checkboxes.html"
    whole_group_label = "%(group)s"

    @staticmethod
    def whole_group_name(name: str) -> str:
        return f"{name}__whole"

    @staticmethod
    def first_option_id(id_: str) -> str:
        """The first control in the widget (the first group's "whole group" box): where an error links to."""
        return f"{id_}_0_all"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id", name)
        context["widget"]["whole_group_name"] = self.whole_group_name(name)
        context["widget"]["groups"] = [
            {
                "name": group,
                "options": options,
                "whole_id": f"{id_}_{index}_all",
                "whole_label": self.whole_group_label % {"group": group},
                "is_whole": bool(options) and all(option["selected"] for option in options),
            }
            for group, options, index in context["widget"]["optgroups"]
        ]
        return context

    def value_from_datadict(self, data, files, name):
        chosen = list(super().value_from_datadict(data, files, name) or [])
        getter = data.getlist if hasattr(data, "getlist") else data.get
        whole = getter(self.whole_group_name(name)) or []
        whole = {whole} if isinstance(whole, str) else set(whole)
        if whole:
            for group, options in self.choices:
                if str(group) in whole:
                    chosen.extend(str(value) for value, _label in options)
        return list(dict.fromkeys(chosen))


class GroupedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of many objects, shown in groups by one of their attributes (`group_by`).

    The queryset must be ordered by that attribute first, as Neighbourhood is (district, name).
    """

    iterator = GroupedModelChoiceIterator
    widget = GroupedCheckboxSelectMultiple
    group_by = ""
    whole_group_label = "%(group)s"

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, **kwargs)
        self.widget.whole_group_label = self.whole_group_label

    def group_of(self, obj) -> str:
        return getattr(obj, self.group_by)
