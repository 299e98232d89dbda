"""Application periods against today: open (days left), upcoming, closed since, or not stated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from assistant.catalogue import Period, Programme

State = Literal["open", "upcoming", "closed", "not_stated", "no_call"]


@dataclass(frozen=True)
class PeriodStatus:
    """One period as seen from `today`."""

    period: Period
    state: State
    days_left: int | None = None  # open: days until the last day (0 = closes today)
    days_until_open: int | None = None  # upcoming


@dataclass(frozen=True)
class DeadlineReport:
    """Every period of a programme and the overall state, relative to one day."""

    programme: str
    today: date
    periods: tuple[PeriodStatus, ...]
    state: State
    closed_since: date | None = None  # last closing date when everything has closed
    presumed_closed: bool = False  # no closing date stated, but the call's term is over

    @property
    def next_open(self) -> PeriodStatus | None:
        """The period open now, or the next one to open."""
        for status in self.periods:
            if status.state in ("open", "upcoming"):
                return status
        return None


def period_status(period: Period, today: date) -> PeriodStatus:
    """Where one period stands on `today`; the closing date is the last day one can apply."""
    if period.closes is None:
        if period.opens is not None and today < period.opens:
            return PeriodStatus(period, "upcoming", days_until_open=(period.opens - today).days)
        return PeriodStatus(period, "not_stated")
    if today > period.closes:
        return PeriodStatus(period, "closed")
    if period.opens is not None and today < period.opens:
        return PeriodStatus(period, "upcoming", days_until_open=(period.opens - today).days)
    return PeriodStatus(period, "open", days_left=(period.closes - today).days)


def deadline_report(programme: Programme, today: date) -> DeadlineReport:
    """The state of a programme's call on `today`."""
    if not programme.open_call:
        return DeadlineReport(programme.id, today, (), "no_call")
    statuses = tuple(period_status(p, today) for p in programme.periods)
    states = {s.state for s in statuses}
    if "open" in states:
        overall: State = "open"
    elif "upcoming" in states:
        overall = "upcoming"
    elif "not_stated" in states or not statuses:
        overall = "not_stated"
    else:
        overall = "closed"
    closed_since = None
    if overall == "closed":
        closed_since = max(s.period.closes for s in statuses if s.period.closes is not None)
    presumed = overall == "not_stated" and programme.season is not None and programme.season.year < today.year
    return DeadlineReport(programme.id, today, statuses, overall, closed_since, presumed)
