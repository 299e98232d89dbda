"""Grant arithmetic: the most an applicant can get, the limits that decide it, and whether a request fits.

The personal maximum is the smallest of the limits that always apply (cap per project, share of eligible
costs). Aid levels for company parties are one route among others: "under vissa förutsättningar" a company's
part is granted at its aid level (experimental development), but as minor (de minimis) aid it can get up to
100 % within a ceiling per recipient. So the aid level lowers the maximum only on that route, and is reported
as such, never as "your maximum". A fund's total pot is the money there is, not a limit per project. Each
limit keeps its source so the answer can show its working.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from assistant.catalogue import Money, Programme, Source
from assistant.facts import FactValue

LimitKind = Literal["max_per_project", "share_of_costs", "aid_levels"]
REQUESTED = "requested_amount"  # the amount the applicant asks for
COSTS = "eligible_costs"  # the project's eligible costs


@dataclass(frozen=True)
class Limit:
    """One upper bound on the grant, with the numbers it was computed from."""

    kind: LimitKind
    amount: int
    source: Source
    share: float | None = None  # share_of_costs: the share; aid_levels: the company's aid level
    base: int | None = None  # the costs the share applies to
    company_costs: int | None = None  # aid_levels: costs of company parties
    company_size: str | None = None


@dataclass(frozen=True)
class GrantEstimate:
    """What the applicant can get at most, and why."""

    programme: str
    currency: str
    limits: tuple[Limit, ...]  # the limits that always apply
    maximum: int | None
    binding: Limit | None
    requested: int | None
    over_cap: bool  # the request is above the maximum
    needs: tuple[str, ...]  # facts that would make the estimate personal
    pot: Money | None
    per_project_stated: bool
    de_minimis: Money | None
    de_minimis_years: int | None
    notes: tuple[str, ...] = ()
    aid_route: Limit | None = None  # the maximum if company parties get their aid level (experimental development)

    @property
    def requested_share(self) -> float | None:
        """The request as a share of eligible costs, when both are known."""
        base = next((lim.base for lim in self.limits if lim.kind == "share_of_costs"), None)
        if self.requested is None or not base:
            return None
        return self.requested / base

    @property
    def aid_route_restricts(self) -> bool:
        """Whether granting the company part at its aid level would lower the maximum."""
        return self.aid_route is not None and (self.maximum is None or self.aid_route.amount < self.maximum)

    @property
    def over_aid_level(self) -> bool:
        """The request fits the maximum only if the company part is not held to its aid level (e.g. de minimis)."""
        return (self.aid_route_restricts and self.requested is not None and not self.over_cap
                and self.aid_route is not None and self.requested > self.aid_route.amount)

    @property
    def over_pot(self) -> bool:
        """The request is more than the whole pot (meaningful when the text sets no cap per project)."""
        return self.requested is not None and self.pot is not None and self.requested > self.pot.amount


def _as_int(value: FactValue | None) -> int | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _aid_route(programme: Programme, facts: Mapping[str, FactValue], costs: int | None,
               needs: list[str]) -> Limit | None:
    """The grant if company parties' costs are covered at their aid level, and the rest in full."""
    aid = programme.funding.aid_levels
    if aid is None:
        return None
    company_costs = _as_int(facts.get(aid.costs_fact))
    size = facts.get(aid.fact)
    if not company_costs:
        return None
    if size is None:
        needs.append(aid.fact)
        return None
    if costs is None or str(size) not in aid.shares:
        return None
    level = aid.shares[str(size)]
    company_costs = min(company_costs, costs)
    amount = math.floor((costs - company_costs) + company_costs * level + 1e-9)
    return Limit("aid_levels", amount, aid.source, share=level, base=costs, company_costs=company_costs,
                 company_size=str(size))


def estimate(programme: Programme, facts: Mapping[str, FactValue]) -> GrantEstimate:
    """The personal maximum grant for `facts`; never rounds up (a grant cannot exceed its share)."""
    funding = programme.funding
    limits: list[Limit] = []
    needs: list[str] = []
    notes: list[str] = []
    costs = _as_int(facts.get(COSTS))
    if funding.max_per_project:
        limits.append(Limit("max_per_project", funding.max_per_project.amount, funding.max_per_project.source))
    if funding.max_share_of_eligible_costs:
        share = funding.max_share_of_eligible_costs
        if costs is None:
            needs.append(COSTS)
        else:
            limits.append(Limit("share_of_costs", math.floor(costs * share.share + 1e-9), share.source,
                                share=share.share, base=costs))
    aid_route = _aid_route(programme, facts, costs, needs)
    if aid_route is not None and funding.de_minimis is None:
        limits.append(aid_route)  # no other route for company parties: their aid level always applies
        aid_route = None
    if funding.aid_levels and _as_int(facts.get(funding.aid_levels.costs_fact)) and costs is None \
            and COSTS not in needs:
        needs.append(COSTS)
    per_project_stated = funding.max_per_project is not None
    if not per_project_stated:
        notes.append("no_cap_per_project")
    binding = min(limits, key=lambda lim: lim.amount) if limits else None
    maximum = binding.amount if binding else None
    if aid_route is not None and maximum is not None:
        aid_route = Limit(aid_route.kind, min(aid_route.amount, maximum), aid_route.source, aid_route.share,
                          aid_route.base, aid_route.company_costs, aid_route.company_size)
    requested = _as_int(facts.get(REQUESTED))
    over = requested is not None and maximum is not None and requested > maximum
    return GrantEstimate(
        programme=programme.id,
        currency=programme.currency,
        limits=tuple(limits),
        maximum=maximum,
        binding=binding,
        requested=requested,
        over_cap=over,
        needs=tuple(needs),
        pot=funding.total_pot,
        per_project_stated=per_project_stated,
        de_minimis=funding.de_minimis,
        de_minimis_years=funding.de_minimis_years,
        notes=tuple(notes),
        aid_route=aid_route,
    )
