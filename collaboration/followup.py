"""Follow-up dates and KPI status, as pure functions: when the next measurement of a KPI is due, and
whether a KPI is on track against the time its agreement has run."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved `months` calendar months on. A day past the target month's end becomes its last day
    (31 January + 1 month = 28/29 February), and a month's last day stays a last day (30 June + 3 months
    = 30 September, 28 February + 1 month = 31 March), so a KPI reported at month end stays at month end."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return dt.date(year, month, last_day)
    return dt.date(year, month, min(day.day, last_day))


def next_measurement_due(
    *, frequency: str, last_measured: dt.date | None, start: dt.date | None
) -> dt.date | None:
    """One reporting period after the latest measurement, or after the agreement's start if there is none;
    None when neither date is known."""
    base = last_measured or start
    return None if base is None else add_months(base, MONTHS_PER_PERIOD[frequency])


def kpi_on_track(
    *, progress: Decimal | None, start: dt.date | None, end: dt.date | None, today: dt.date
) -> bool | None:
    """On track when the progress towards the target is at least the share of the agreement's period that
    has passed (half-way through the period, at least half-way to the target). None when unknown."""
    if progress is None:
        return None
    if progress >= 1:
        return True
    if start is None or end is None or end <= start:
        return None
    elapsed = min(max((today - start).days / (end - start).days, 0.0), 1.0)
    return progress >= Decimal(str(round(elapsed, 3)))
