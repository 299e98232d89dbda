"""Application periods against today: open (days left), upcoming, closed (on its last day), or not stated.

A call that gives no dates but names its term ("vt 2022", the spring term) has most likely closed once that
term is over; the term's last day comes from the catalogue (`season.ends`), else the end of its year.
"""

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
    season_ended: date | None = None  # the last day of that term, when the call names one

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
    season_end = season_ends(programme)
    presumed = overall == "not_stated" and season_end is not None and today > season_end
    return DeadlineReport(programme.id, today, statuses, overall, closed_since, presumed, season_end)


def season_ends(programme: Programme) -> date | None:
    """The last day of the term a dateless call belongs to: the stated end of the term, else its year's end."""
    season = programme.season
    if season is None:
        return None
    return season.ends or date(season.year, 12, 31)
