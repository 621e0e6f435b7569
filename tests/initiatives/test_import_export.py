"""Admin import/export of the registry: all-or-nothing imports, safe exports, bounded XLSX."""

import io
import zipfile

import openpyxl
import pytest
import tablib

from initiatives.models import Initiative, Organisation
from initiatives.resources import InitiativeResource, OrganisationResource
from maastricht_inclusie.spreadsheets import BoundedXLSX, SpreadsheetTooLarge, neutralise
from tests.factories import NeighbourhoodFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADERS = ["name", "kind", "kvk_number", "postcode", "neighbourhoods", "themes", "description"]


def csv_file(rows, headers=HEADERS):
    data = tablib.Dataset(*rows, headers=headers)
    content = io.BytesIO(data.export("csv").encode("utf-8"))
    content.name = "organisaties.csv"
    return content


@pytest.fixture
def reference():
    NeighbourhoodFactory(name="Malberg")
    NeighbourhoodFactory(name="Wyck")
    ThemeFactory(name="Ontmoeting en dialoog")


def admin_import(client, file, format_index=0):
    return client.post(
        "/admin/initiatives/organisation/import/",
        {"format": format_index, "import_file": file, "resource": 0},
    )


def test_import_preview_of_a_good_file_offers_confirmation_and_then_imports(client, officer, reference):
    client.force_login(officer)
    rows = [
        ("Stichting Een", "foundation", "12345678", "6211 AB", "Malberg;Wyck", "Ontmoeting en dialoog", "x"),
        ("Vereniging Twee", "association", "", "6221ab", "", "", "y"),
    ]

    preview = admin_import(client, csv_file(rows))

    assert preview.status_code == 200
    assert not preview.context["result"].has_errors()
    assert not preview.context["result"].has_validation_errors()
    assert Organisation.objects.count() == 0  # a dry run writes nothing
    confirm = preview.context["confirm_form"].initial
    response = client.post("/admin/initiatives/organisation/process_import/", confirm)
    assert response.status_code == 302
    assert Organisation.objects.count() == 2
    first = Organisation.objects.get(name="Stichting Een")
    assert sorted(n.name for n in first.neighbourhoods.all()) == ["Malberg", "Wyck"]
    assert first.status == Organisation.Status.TO_VERIFY
    assert Organisation.objects.get(name="Vereniging Twee").postcode == "6221 AB"


def test_a_file_with_one_bad_row_imports_nothing_and_names_row_and_reason(client, officer, reference):
    client.force_login(officer)
    rows = [
        ("Stichting Een", "foundation", "12345678", "6211 AB", "Malberg", "", "x"),
        ("Stichting Twee", "foundation", "1234", "6211 AB", "", "", "bad kvk"),
        ("Stichting Drie", "foundation", "", "", "Atlantis", "", "unknown neighbourhood"),
        ("Stichting Een", "foundation", "", "", "", "", "duplicate in file"),
    ]

    response = admin_import(client, csv_file(rows))

    result = response.context["result"]
    invalid = {row.number: str(row.error_dict) for row in result.invalid_rows}
    assert "8 digits" in invalid[2] or "8 cijfers" in invalid[2]
    assert "Atlantis" in invalid[3]
    errors = {number: [str(e.error) for e in row_errors] for number, row_errors in result.row_errors()}
    assert "row 1" in errors[4][0] or "regel 1" in errors[4][0]
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert Organisation.objects.count() == 0


def test_resource_import_with_a_bad_row_rolls_back_everything(reference):
    dataset = tablib.Dataset(
        ("Goed", "foundation", "11111111", "", "", "", ""),
        ("Fout", "nonsense-kind", "", "", "", "", ""),
        headers=HEADERS,
    )

    result = OrganisationResource().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )

    assert result.has_validation_errors()
    assert Organisation.objects.count() == 0


def test_import_refuses_a_kvk_number_already_in_the_registry(reference):
    OrganisationFactory(name="Bestaand", kvk_number="22222222")
    dataset = tablib.Dataset(("Nieuw", "foundation", "22222222", "", "", "", ""), headers=HEADERS)

    result = OrganisationResource().import_data(dataset, dry_run=True, rollback_on_validation_errors=True)

    assert "KvK" in str(result.invalid_rows[0].error_dict)


def test_a_5000_row_import_succeeds(reference):
    rows = [
        (
            f"Organisatie {i:05d}",
            "volunteer",
            f"{10000000 + i}",
            "6211 AB",
            "Malberg",
            "Ontmoeting en dialoog",
            "",
        )
        for i in range(5000)
    ]
    dataset = tablib.Dataset(*rows, headers=HEADERS)

    result = OrganisationResource().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert Organisation.objects.count() == 5000
    assert Organisation.objects.filter(neighbourhoods__name="Malberg").count() == 5000


def test_initiative_import_links_organisation_and_refuses_unknown_ones(reference):
    OrganisationFactory(name="Humanitas")
    headers = ["title", "organisation", "description", "status", "neighbourhoods"]
    good = tablib.Dataset(("Taalmaatjes", "Humanitas", "Taal", "running", "Wyck"), headers=headers)
    bad = tablib.Dataset(("Spookproject", "Bestaat Niet", "x", "idea", ""), headers=headers)

    assert not InitiativeResource().import_data(good, dry_run=False, use_transactions=True).has_errors()
    result = InitiativeResource().import_data(
        bad, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )

    assert Initiative.objects.get().organisation.name == "Humanitas"
    assert "Bestaat Niet" in str(result.invalid_rows[0].error_dict)


@pytest.mark.parametrize(
    "dangerous", ['=HYPERLINK("http://x")', "+31 43 350", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
)
def test_neutralise_prefixes_every_formula_start(dangerous):
    assert neutralise(dangerous) == "'" + dangerous
    assert neutralise("Gewoon tekst") == "Gewoon tekst"
    assert neutralise(42) == 42


def test_exported_cells_starting_with_a_formula_are_neutralised(client, officer):
    client.force_login(officer)
    OrganisationFactory(name="=cmd|' /C calc'!A0", description="@SUM(1+1)", phone="+31 43 350 50 00")

    response = client.post(
        "/admin/initiatives/organisation/export/",
        {
            "format": 0,
            "resource": 0,
            **{f"organisationresource_{f}": "on" for f in ("name", "description", "phone")},
        },
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "'=cmd" in content
    assert "'@SUM(1+1)" in content
    assert "'+31 43 350 50 00" in content


def test_xlsx_export_neutralises_too():
    OrganisationFactory(name="=1+1")

    dataset = OrganisationResource().export()

    assert dataset.dict[0]["name"] == "'=1+1"


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_import_reads_a_normal_file(reference):
    dataset = BoundedXLSX().create_dataset(xlsx_bytes([("Stichting X", "foundation", "", "", "", "", "")]))

    assert dataset.dict[0]["name"] == "Stichting X"


def test_xlsx_with_too_many_rows_is_refused_before_reading_them(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_rows": 10}

    with pytest.raises(SpreadsheetTooLarge):
        BoundedXLSX().create_dataset(xlsx_bytes([("x", "foundation", "", "", "", "", "")] * 11))


def test_zip_bomb_is_refused_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 150_000_000)

    with pytest.raises(SpreadsheetTooLarge):
        BoundedXLSX().create_dataset(buffer.getvalue())


def test_a_file_that_is_not_xlsx_gets_a_clear_error_in_the_admin(client, officer):
    client.force_login(officer)
    fake = io.BytesIO(b"MZ\x90\x00 this is an executable")
    fake.name = "organisaties.xlsx"

    response = admin_import(client, fake, format_index=1)

    assert response.status_code == 200
    assert Organisation.objects.count() == 0
    assert response.context["form"].errors


def test_defusedxml_protects_openpyxl():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_assessor_cannot_import(client, roles):
    client.force_login(UserFactory(is_staff=True, roles=["beoordelaar"]))

    response = admin_import(client, csv_file([]))

    assert response.status_code == 403
