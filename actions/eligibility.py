""""Can we apply?": the engine-driven form, its questions, the verdict, and corrections afterwards."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import context, latest_entities, latest_intent, latest_text, send
from assistant import replies
from assistant.catalogue import Criterion
from assistant.facts import FactValue
from assistant.replies import NON_ANSWERS, ChatContext
from assistant.rules import evaluate, next_question
from assistant.understanding import answer_to, facts_in_entities

FORM = "eligibility_form"


def asked_criterion(ctx: ChatContext, asked_fact: str | None) -> Criterion | None:
    """The criterion whose question the user is answering: the one asked, if still open, else the next one."""
    programme = ctx.programme
    if programme is None:
        return None
    missing = evaluate(programme, ctx.facts, ctx.today).missing
    if asked_fact in missing:
        return next(c for c in programme.criteria if c.fact == asked_fact)
    return next_question(programme, ctx.facts, ctx.today)


class ValidateEligibilityForm(FormValidationAction):
    """Asks exactly the facts the engine still needs, one at a time, and stops as soon as the answer is known."""

    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: dict[str, Any]) -> list[str]:
        ctx = context(tracker)
        if ctx.programme is None:
            return ["programme", "facts"]
        if evaluate(ctx.programme, ctx.facts, ctx.today).missing:
            return ["programme", "facts", "fact_answer"]
        return ["programme", "facts"]

    async def extract_programme(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        """Re-ask with buttons when the programme question was answered with something else."""
        if tracker.get_slot("requested_slot") != "programme" or tracker.get_slot("programme"):
            return {}
        if latest_intent(tracker) in NON_ANSWERS:
            return {}
        send(dispatcher, [replies.not_understood(context(tracker), None)])
        return {"programme": None}

    async def extract_fact_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: dict[str, Any]) -> dict[str, Any]:
        """Read the answer to the question just asked, plus any other facts the message states."""
        if tracker.get_slot("requested_slot") != "fact_answer":
            return {}
        intent = latest_intent(tracker)
        if intent in NON_ANSWERS:
            return {}  # a question: let the rules answer it, then the form asks again
        ctx = context(tracker)
        criterion = asked_criterion(ctx, tracker.get_slot("asked_fact"))
        if criterion is None:
            return {}
        text, entities = latest_text(tracker), latest_entities(tracker)
        fact = ctx.catalogue.facts.get(criterion.fact)
        value = answer_to(criterion, fact, text, intent, entities)
        stated: dict[str, FactValue] = {k: v for k, v in facts_in_entities(entities, text).items() if k != fact.id}
        if value is None and not stated:
            send(dispatcher, [replies.not_understood(ctx, criterion)])
            return {"fact_answer": None}
        facts = {**ctx.facts, **stated}
        if value is not None:
            facts[fact.id] = value
        return {"facts": facts, "fact_answer": None}

    def validate_programme(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: dict[str, Any]) -> dict[str, Any]:
        """The programme id was checked against the catalogue when it was read."""
        return {"programme": value}

    def validate_facts(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: dict[str, Any]) -> dict[str, Any]:
        """Facts were parsed and typed on extraction."""
        return {"facts": value if isinstance(value, dict) else {}}

    def validate_fact_answer(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: dict[str, Any]) -> dict[str, Any]:
        """The answer lives in `facts`; this slot only marks that a question is open."""
        return {"fact_answer": None}


class ActionAskProgramme(Action):
    """Which programme? Buttons for the open calls."""

    def name(self) -> str:
        return "action_ask_programme"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        send(dispatcher, [replies.which_programme(context(tracker), "ask_eligibility")])
        return []


class ActionAskFactAnswer(Action):
    """Asks the next fact the engine needs, in the user's language, with answer buttons."""

    def name(self) -> str:
        return "action_ask_fact_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ctx = context(tracker)
        programme = ctx.programme
        criterion = next_question(programme, ctx.facts, ctx.today) if programme else None
        if criterion is None:
            return []
        events: list[EventType] = []
        if tracker.get_slot("checking") != programme.id:
            send(dispatcher, [replies.Reply(replies.t(ctx.lang, "chat.checking",
                                                       programme=replies.answers.name(programme, ctx.lang)))])
            events.append(SlotSet("checking", programme.id))
        send(dispatcher, [replies.ask_fact(ctx, criterion)])
        return [*events, SlotSet("asked_fact", criterion.fact)]


class ActionEligibilityVerdict(Action):
    """The verdict with each reason and source, the call's state, and the personal amount when eligible."""

    def name(self) -> str:
        return "action_eligibility_verdict"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ctx = context(tracker)
        if ctx.programme is None:  # the form never ran (e.g. its validation failed): ask, don't judge on nothing
            send(dispatcher, [replies.which_programme(ctx, "ask_eligibility")])
            return []
        send(dispatcher, replies.verdict_reply(ctx))
        return [SlotSet("verdict_for", ctx.programme.id), SlotSet("asked_fact", None), SlotSet("checking", None)]


class ActionAcknowledgeFacts(Action):
    """After the user states or corrects facts: confirm, update a verdict already given, or continue the check."""

    def name(self) -> str:
        return "action_acknowledge_facts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ctx = context(tracker)
        previous = _facts_before_latest_message(tracker)
        changed = {k: v for k, v in ctx.facts.items() if previous.get(k) != v}
        intent = latest_intent(tracker)
        if not changed and intent in ("affirm", "deny"):
            send(dispatcher, [replies.Reply(replies.t(ctx.lang, "chat.ask_anything"), replies.menu_buttons(ctx.lang))])
            return []
        if changed:
            send(dispatcher, [replies.noted(ctx, changed)])
        programme = ctx.programme
        if programme is not None and tracker.get_slot("verdict_for") == programme.id:
            if evaluate(programme, ctx.facts, ctx.today).missing:
                return [FollowupAction(FORM)]
            send(dispatcher, replies.verdict_reply(ctx))
            return []
        if programme is None:
            send(dispatcher, [replies.find_programmes(ctx)])
        elif not changed:
            send(dispatcher, [replies.fallback(ctx)])
        else:
            send(dispatcher, [replies.Reply(replies.t(ctx.lang, "chat.ask_anything"), replies.menu_buttons(ctx.lang))])
        return []


class ActionFindProgrammes(Action):
    """"We are a municipality in Sweden: what can we apply for?" -> the calls that fit, and why."""

    def name(self) -> str:
        return "action_find_programmes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        send(dispatcher, [replies.find_programmes(context(tracker))])
        return []


def _facts_before_latest_message(tracker: Tracker) -> dict[str, FactValue]:
    """The `facts` slot as it was before the latest user message (to tell what just changed)."""
    latest_user = max((i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=-1)
    value: Any = None
    for event in tracker.events[:max(latest_user, 0)]:
        if event.get("event") == "slot" and event.get("name") == "facts":
            value = event.get("value")
    return dict(value) if isinstance(value, dict) else {}
