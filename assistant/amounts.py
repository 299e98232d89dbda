"""Grant arithmetic: the most an applicant can get, the limits that decide it, and whether a request fits.

The personal maximum is the smallest of the limits the call text states (cap per project, share of eligible
costs, state-aid levels for company parties). Each limit keeps its source so the answer can show its working.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from assistant.catalogue import Money, Programme, Source
from assistant.facts import FactValue

LimitKind = Literal["max_per_project", "share_of_costs", "aid_levels", "total_pot"]


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
    limits: tuple[Limit, ...]
    maximum: int | None
    binding: Limit | None
    requested: int | None
    over_cap: bool
    needs: tuple[str, ...]  # facts that would make the estimate personal
    pot: Money | None
    per_project_stated: bool
    de_minimis: Money | None
    de_minimis_years: int | None
    notes: tuple[str, ...] = ()

    @property
    def requested_share(self) -> float | None:
        """The request as a share of eligible costs, when both are known."""
        base = next((lim.base for lim in self.limits if lim.kind == "share_of_costs"), None)
        if self.requested is None or not base:
            return None
        return self.requested / base


def _as_int(value: FactValue | None) -> int | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def estimate(programme: Programme, facts: Mapping[str, FactValue]) -> GrantEstimate:
    """The personal maximum grant for `facts`; never rounds up (a grant cannot exceed its share)."""
    funding = programme.funding
    limits: list[Limit] = []
    needs: list[str] = []
    notes: list[str] = []
    costs = _as_int(facts.get("eligible_costs"))
    if funding.max_per_project:
        limits.append(Limit("max_per_project", funding.max_per_project.amount, funding.max_per_project.source))
    if funding.max_share_of_eligible_costs:
        share = funding.max_share_of_eligible_costs
        if costs is None:
            needs.append("eligible_costs")
        else:
            limits.append(Limit("share_of_costs", math.floor(costs * share.share + 1e-9), share.source,
                                share=share.share, base=costs))
    if funding.aid_levels:
        aid = funding.aid_levels
        company_costs = _as_int(facts.get(aid.costs_fact))
        size = facts.get(aid.fact)
        if company_costs:
            if size is None:
                needs.append(aid.fact)
            elif costs is None:
                if "eligible_costs" not in needs:
                    needs.append("eligible_costs")
            elif str(size) in aid.shares:
                level = aid.shares[str(size)]
                company_costs = min(company_costs, costs)
                amount = math.floor((costs - company_costs) + company_costs * level + 1e-9)
                limits.append(Limit("aid_levels", amount, aid.source, share=level, base=costs,
                                    company_costs=company_costs, company_size=str(size)))
    per_project_stated = funding.max_per_project is not None
    if not per_project_stated and funding.total_pot:
        limits.append(Limit("total_pot", funding.total_pot.amount, funding.total_pot.source))
        notes.append("no_cap_per_project")
    binding = min(limits, key=lambda lim: lim.amount) if limits else None
    maximum = binding.amount if binding else None
    requested = _as_int(facts.get("requested_amount"))
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
    )
