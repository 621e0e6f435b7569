"""The heat map shows any period: the last 12 weeks, 12 months or 8 quarters."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from keypersons.queries.contacts import heat_map, period_starts
from tests.factories import NeighbourhoodFactory, TemperatureReadingFactory

pytestmark = pytest.mark.django_db


def test_the_periods_start_on_mondays_first_days_of_months_and_of_quarters():
    today = date(2026, 12, 7)

    assert period_starts(today, "week")[-1] == date(2026, 12, 7)
    assert period_starts(today, "month")[0] == date(2026, 1, 1) and period_starts(today, "month")[-1] == date(
        2026, 12, 1
    )
    assert period_starts(today, "quarter") == [date(2025, m, 1) for m in (1, 4, 7, 10)] + [
        date(2026, m, 1) for m in (1, 4, 7, 10)
    ]


def test_a_reading_five_months_ago_shows_per_month_and_per_quarter_but_not_per_week():
    today = timezone.localdate()
    hood = NeighbourhoodFactory(name="Caberg")
    TemperatureReadingFactory(neighbourhood=hood, level=4, measured_on=today - timedelta(days=150))

    assert heat_map(today, "week")["rows"] == []
    for period in ("month", "quarter"):
        rows = heat_map(today, period)["rows"]
        assert [row["name"] for row in rows] == ["Caberg"]
        assert [cell.level for cell in rows[0]["cells"] if cell.level] == [4]


def test_the_dashboard_shows_the_chosen_period_and_an_unknown_one_falls_back_to_weeks(director_client):
    TemperatureReadingFactory(neighbourhood=NeighbourhoodFactory(name="Caberg"), level=3)
    url = reverse("network:dashboard")

    quarter = director_client.get(url, {"period": "quarter"}).content.decode()
    month = director_client.get(url, {"period": "month"}).content.decode()
    other = director_client.get(url, {"period": "decade"}).content.decode()

    assert (
        "Temperatuur per buurt per kwartaal" in quarter
        and f"Q{(timezone.localdate().month - 1) // 3 + 1}" in quarter
    )
    assert "Temperatuur per buurt per maand" in month
    assert "per week" in other
