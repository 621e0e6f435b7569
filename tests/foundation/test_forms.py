"""The form machinery every form shares: the money field, messages that name their field, grouped checkboxes."""

from decimal import Decimal

import pytest
from django import forms
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import translation

from initiatives.forms import NeighbourhoodsField
from initiatives.models import Neighbourhood
from maastricht_inclusie.forms.money import MoneyField, MoneyInput
from tenders.models import BudgetLine, Programme, Round
from tests.factories import NeighbourhoodFactory


class AmountForm(forms.Form):
    amount = MoneyField(label="Gevraagd bedrag", min_value=Decimal("0.01"))
    name = forms.CharField(label="Naam van de organisatie")
    note = forms.CharField(label="Toelichting", error_messages={"required": "Schrijf er iets bij."})


@pytest.mark.parametrize("typed", ["2.500,50", "2500,50", "€ 2.500,50", "2,500.50"])
def test_the_money_field_reads_dutch_amounts_on_a_dutch_page(typed):
    form = AmountForm({"amount": typed, "name": "x", "note": "y"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("2500.50")


def test_the_money_field_reads_english_amounts_on_an_english_page_and_refuses_the_ambiguous_one():
    with translation.override("en"):
        assert AmountForm({"amount": "2,500.50", "name": "x", "note": "y"}).is_valid()
        form = AmountForm({"amount": "2.500", "name": "x", "note": "y"})

        assert not form.is_valid()
        assert form.errors.as_data()["amount"][0].code == "ambiguous"
        assert "“2.500” in “Gevraagd bedrag” can be read in two ways" in form["amount"].errors[0]


def test_the_money_field_is_a_text_box_with_a_euro_sign_and_a_decimal_keyboard_that_shows_the_language():
    form = AmountForm(initial={"amount": Decimal("12500.5")})

    html = str(form["amount"])

    assert 'type="text"' in html and 'inputmode="decimal"' in html and 'type="number"' not in html
    assert '<span class="mi-money__prefix" aria-hidden="true">€</span>' in html
    assert 'value="12.500,50"' in html
    with translation.override("en"):
        assert 'value="12,500.50"' in str(AmountForm(initial={"amount": Decimal("12500.5")})["amount"])


def test_what_was_typed_is_shown_again_as_typed_when_it_cannot_be_read():
    form = AmountForm({"amount": "2.500,5x", "name": "", "note": ""})

    assert not form.is_valid()
    assert 'value="2.500,5x"' in str(form["amount"])


def test_djangos_own_messages_name_their_field_and_a_forms_own_message_stays_as_it_is():
    form = AmountForm({"amount": "0", "name": "", "note": ""})
    form.is_valid()

    assert form["name"].errors == ["Vul “Naam van de organisatie” in."]
    assert form["amount"].errors == ["“Gevraagd bedrag” moet ten minste €\u00a00,01 zijn."]
    assert form["note"].errors == ["Schrijf er iets bij."]


def test_an_invalid_control_points_at_its_message_and_says_it_is_invalid():
    form = AmountForm({"amount": "veel", "name": "", "note": ""})
    form.is_valid()

    html = str(form["amount"])

    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_amount_error"' in html
    assert form["amount"].errors == ["Vul bij “Gevraagd bedrag” een bedrag in euro’s in, zoals 2.500,50."]


def test_every_money_model_field_gets_the_money_field_also_in_the_admin(rf: RequestFactory, admin_user):
    for model, name in [(Round, "ceiling"), (Programme, "total_budget"), (BudgetLine, "amount")]:
        assert isinstance(model._meta.get_field(name).formfield(), MoneyField)
    request = rf.get("/admin/")
    request.user = admin_user
    form_class = site._registry[Round].get_form(request)

    assert isinstance(form_class.base_fields["ceiling"].widget, MoneyInput)
    assert not isinstance(form_class.base_fields["minimum_total_score"], MoneyField)  # a score, not money


class PlacesForm(forms.Form):
    neighbourhoods = NeighbourhoodsField(Neighbourhood.objects.all(), label="Buurten", required=False)


@pytest.mark.django_db
def test_neighbourhoods_are_grouped_by_district_each_in_a_fieldset_with_a_box_for_the_whole_district():
    NeighbourhoodFactory(name="Wyck", district="Centrum")
    NeighbourhoodFactory(name="Binnenstad", district="Centrum")
    NeighbourhoodFactory(name="Caberg", district="Noordwest")

    html = str(PlacesForm()["neighbourhoods"])

    assert html.count('<fieldset class="utrecht-form-fieldset mi-choice-group"') == 2
    assert '<legend class="utrecht-form-fieldset__legend mi-choice-group__legend">Centrum</legend>' in html
    assert html.index("Binnenstad") < html.index("Wyck") < html.index("Noordwest") < html.index("Caberg")
    assert "Heel stadsdeel Centrum" in html and "Heel stadsdeel Noordwest" in html


@pytest.mark.django_db
def test_the_box_for_a_whole_district_chooses_all_its_neighbourhoods_without_javascript():
    wyck = NeighbourhoodFactory(name="Wyck", district="Centrum")
    binnenstad = NeighbourhoodFactory(name="Binnenstad", district="Centrum")
    caberg = NeighbourhoodFactory(name="Caberg", district="Noordwest")
    malberg = NeighbourhoodFactory(name="Malberg", district="Noordwest")

    form = PlacesForm({"neighbourhoods__whole": ["Centrum"], "neighbourhoods": [str(caberg.pk)]})

    assert form.is_valid()
    assert set(form.cleaned_data["neighbourhoods"]) == {wyck, binnenstad, caberg}
    html = str(PlacesForm(initial={"neighbourhoods": [wyck.pk, binnenstad.pk, caberg.pk]})["neighbourhoods"])
    assert 'value="Centrum" id="id_neighbourhoods_0_all" checked' in html
    assert 'value="Noordwest" id="id_neighbourhoods_1_all" data-choice-group-whole' in html
    assert malberg.pk not in {n.pk for n in form.cleaned_data["neighbourhoods"]}
