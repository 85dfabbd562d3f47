from datetime import datetime, timezone

import pytest

from opvang_directory.hours import AMSTERDAM, HoursError, describe_hours, format_hours, parse_hours


@pytest.mark.parametrize(
    "text",
    ["24/7", "ma-vr 09:00-17:00", "dagelijks 08:00-24:00", "ma-za 14:00-23:00; zo 11:00-23:00", "vr 20:00-02:00",
     "ma-vr 09:00-12:00, 13:00-17:00"],
)
def test_text_form_round_trips(text):
    assert format_hours(parse_hours(text)) == text


def test_unknown_hours_are_none():
    assert parse_hours(None) is None
    assert parse_hours("  ") is None
    assert describe_hours(None) == "openingstijden onbekend"


@pytest.mark.parametrize("text", ["ma-xx 09:00-17:00", "ma 9-17", "ma 25:00-26:00", "maandag", "ma 09:00-17:60"])
def test_bad_hours_are_rejected(text):
    with pytest.raises(HoursError):
        parse_hours(text)


def test_open_now_and_opens_at_weekday_schedule():
    hours = parse_hours("ma-vr 09:00-17:00")
    wednesday_noon = datetime(2026, 12, 2, 12, 0, tzinfo=AMSTERDAM)
    friday_evening = datetime(2026, 12, 4, 20, 0, tzinfo=AMSTERDAM)
    assert hours.is_open(wednesday_noon)
    assert hours.next_opening(wednesday_noon) is None
    assert not hours.is_open(friday_evening)
    assert hours.next_opening(friday_evening) == datetime(2026, 12, 7, 9, 0, tzinfo=AMSTERDAM)
    assert not hours.is_open(datetime(2026, 12, 2, 17, 0, tzinfo=AMSTERDAM))  # closing time is exclusive


def test_past_midnight_belongs_to_the_previous_day():
    hours = parse_hours("vr 20:00-02:00")
    assert hours.is_open(datetime(2026, 12, 5, 1, 30, tzinfo=AMSTERDAM))  # Saturday night
    assert not hours.is_open(datetime(2026, 12, 5, 2, 0, tzinfo=AMSTERDAM))
    assert not hours.is_open(datetime(2026, 12, 4, 1, 30, tzinfo=AMSTERDAM))  # Friday early morning


def test_times_are_amsterdam_time_across_daylight_saving():
    hours = parse_hours("ma-vr 09:00-17:00")
    # 07:30 UTC is 08:30 in winter (closed) and 09:30 in summer (open)
    assert not hours.is_open(datetime(2026, 12, 2, 7, 30, tzinfo=timezone.utc))
    assert hours.is_open(datetime(2026, 6, 3, 7, 30, tzinfo=timezone.utc))
    opening = hours.next_opening(datetime(2027, 3, 27, 20, 0, tzinfo=AMSTERDAM))  # Saturday before summer time
    assert opening.isoformat() == "2027-03-29T09:00:00+02:00"


def test_naive_times_are_read_as_amsterdam_time():
    hours = parse_hours("dagelijks 11:00-21:00")
    assert hours.is_open(datetime(2026, 12, 2, 11, 0))
    assert not hours.is_open(datetime(2026, 12, 2, 21, 0))


def test_always_open():
    hours = parse_hours("24/7")
    assert hours.is_open(datetime(2026, 12, 6, 3, 0))
    assert hours.next_opening(datetime(2026, 12, 6, 3, 0)) is None
    assert describe_hours(hours) == "dag en nacht (24/7)"
