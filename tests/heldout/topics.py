"""Which of our intents fit a held-out topic (the writers named topics, never our intents)."""

from __future__ import annotations

_ELIGIBILITY = frozenset({"ask_eligibility", "ask_who_can_apply", "inform", "find_programme"})
TOPIC_INTENTS: dict[str, frozenset[str]] = {
    "eligibility": _ELIGIBILITY,
    "who_can_apply": frozenset({"ask_who_can_apply", "ask_eligibility"}),
    "management_approval": frozenset({"ask_who_can_apply", "ask_eligibility", "ask_application"}),
    "work_share": frozenset({"ask_who_can_apply", "ask_eligibility", "inform"}),
    "what_is": frozenset({"ask_programme_info"}),
    "purpose": frozenset({"ask_programme_info", "ask_costs"}),
    "activities": frozenset({"ask_costs", "ask_programme_info", "ask_eligibility"}),
    "continuation": frozenset({"ask_costs", "ask_eligibility", "ask_programme_info", "ask_who_can_apply"}),
    "finish_existing": frozenset({"ask_costs", "ask_eligibility", "ask_programme_info"}),
    "max_per_project": frozenset({"ask_amount"}),
    "total_pot": frozenset({"ask_amount"}),
    "co_funding": frozenset({"ask_amount"}),
    "max_share": frozenset({"ask_amount"}),
    "aid_level": frozenset({"ask_amount"}),
    "de_minimis": frozenset({"ask_amount"}),
    "amount_for_budget": frozenset({"ask_amount", "inform"}),
    "number_of_projects": frozenset({"ask_amount", "ask_assessment", "ask_decision"}),
    "deadline": frozenset({"ask_deadline"}),
    "opening_date": frozenset({"ask_deadline"}),
    "periods": frozenset({"ask_deadline"}),
    "decision": frozenset({"ask_decision", "ask_deadline"}),
    "after_deadline": frozenset({"ask_deadline", "ask_application", "ask_decision"}),
    "eligible_costs": frozenset({"ask_costs"}),
    "excluded_costs": frozenset({"ask_costs"}),
    "application_content": frozenset({"ask_application"}),
    "attachments": frozenset({"ask_application"}),
    "how_to_apply": frozenset({"ask_application"}),
    "assessment": frozenset({"ask_assessment"}),
    "duration": frozenset({"ask_duration"}),
    "reporting": frozenset({"ask_reporting"}),
    "ownership": frozenset({"ask_ownership"}),
    "payout": frozenset({"ask_payout"}),
    "appeal": frozenset({"ask_decision"}),
    "confidentiality": frozenset({"ask_application", "ask_decision"}),
    "contact": frozenset({"ask_contact"}),
    "list_programmes": frozenset({"list_programmes", "find_programme"}),
    "greeting": frozenset({"greet"}),
    "help": frozenset({"help"}),
    "thanks": frozenset({"thank"}),
    "out_of_scope": frozenset({"out_of_scope", "nlu_fallback"}),
    "language_switch": frozenset({"switch_language"}),
    "delete_conversation": frozenset({"delete_conversation"}),
}


def intents_for(topic: str | None) -> frozenset[str] | None:
    """Our intents that answer a held-out topic; None for topics no single intent stands for."""
    return TOPIC_INTENTS.get(topic or "")
