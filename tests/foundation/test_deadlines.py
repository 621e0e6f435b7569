"""Legal deadlines move past weekends and Dutch public holidays, in Europe/Amsterdam."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from maastricht_inclusie.deadlines import deadline_after, is_working_day, objection_deadline


def test_a_period_ending_on_a_saturday_moves_to_monday():
    # Monday 2 November 2026 + 12 days = Saturday 14 November.
    assert deadline_after(date(2026, 11, 2), days=12) == date(2026, 11, 16)


def test_a_period_ending_on_christmas_moves_past_both_christmas_days_and_the_weekend():
    # 25 December 2026 is a Friday; 26 a Saturday: the next working day is Monday 28 December.
    assert deadline_after(date(2026, 12, 11), weeks=2) == date(2026, 12, 28)


def test_kings_day_and_liberation_day_are_not_working_days():
    assert not is_working_day(date(2027, 4, 27))
    assert not is_working_day(date(2027, 5, 5))  # every year by the Algemene termijnenwet
    assert is_working_day(date(2027, 5, 7))  # (6 May 2027 is Ascension Day)


def test_objection_period_is_six_weeks_from_the_decision():
    assert objection_deadline(date(2026, 3, 2)) == date(2026, 4, 13)
    # 6 weeks after 15 March 2027 is 26 April; fine. After 16 March it is King's Day (27 April): moves to 28.
    assert objection_deadline(date(2027, 3, 16)) == date(2027, 4, 28)


def test_a_late_evening_decision_counts_in_amsterdam_time():
    # 23:30 UTC on 1 March is already 2 March in Amsterdam.
    decided = datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert objection_deadline(decided) == date(2026, 4, 13)
