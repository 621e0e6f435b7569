"""The evaluation report includes the temperature per neighbourhood per quarter (issue: temperature over time)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import NeighbourhoodFactory, TemperatureReadingFactory

pytestmark = pytest.mark.django_db


def _table(html: str) -> str:
    start = html.index("Temperatuur per buurt per kwartaal")
    return html[start : html.index("</table>", start)]


def test_the_evaluation_shows_the_average_temperature_per_neighbourhood_per_quarter(director_client):
    wyckerpoort, malberg = NeighbourhoodFactory(name="Wyckerpoort"), NeighbourhoodFactory(name="Malberg")
    for day, level in ((date(2026, 1, 10), 2), (date(2026, 2, 20), 4), (date(2026, 5, 1), 5)):
        TemperatureReadingFactory(neighbourhood=wyckerpoort, measured_on=day, level=level)
    TemperatureReadingFactory(neighbourhood=malberg, measured_on=date(2026, 5, 2), level=1)
    TemperatureReadingFactory(
        neighbourhood=malberg, measured_on=date(2025, 5, 2), level=5
    )  # outside the period

    html = director_client.get(reverse("network:evaluation"), {"start": "2026-01-01", "end": "2026-06-30"})
    table = _table(html.content.decode())

    assert re.findall(r">(K\d \d{4})<", table) == ["K1 2026", "K2 2026"]
    wyck = table[table.index("Wyckerpoort") :].split("</tr>")[0]
    assert re.findall(r"<td[^>]*>([^<]*)</td>", wyck) == ["3.0 (2)", "5.0 (1)"] or re.findall(
        r"<td[^>]*>([^<]*)</td>", wyck
    ) == ["3,0 (2)", "5,0 (1)"]
    mal = table[table.index("Malberg") :].split("</tr>")[0]
    assert re.findall(r"<td[^>]*>([^<]*)</td>", mal)[0] == "–"


def test_without_readings_the_evaluation_says_so(director_client):
    html = director_client.get(reverse("network:evaluation")).content.decode()
    assert "In deze periode is geen temperatuur gemeten." in html
