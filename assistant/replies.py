"""What the assistant says for each kind of question, given what it knows of the conversation.

Plain Python, no Rasa: the actions in actions/ only read slots, call these and send the result. Buttons carry
Rasa payloads ("/ask_amount{...}") so a click is understood the same way whatever language is used.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from assistant import answers, texts
from assistant.catalogue import Catalogue, Criterion, Programme
from assistant.facts import FactValue, choice_label
from assistant.localized import Lang
from assistant.rules import evaluate, rank_programmes
from assistant.texts import t

# Which catalogue topics answer which question intent, in the order they are shown.
INTENT_TOPICS: dict[str, tuple[str, ...]] = {
    "ask_who_can_apply": ("target_group", "partners"),
    "ask_costs": ("eligible_costs", "excluded_activities"),
    "ask_application": ("application_content", "how_to_apply"),
    "ask_assessment": ("assessment",),
    "ask_reporting": ("reporting",),
    "ask_ownership": ("ownership",),
    "ask_payout": ("payout",),
    "ask_duration": ("duration",),
    "ask_decision": ("decision", "appeal"),
}
# Intents that ask something about a programme (answered from the catalogue).
PROGRAMME_QUESTIONS = (*INTENT_TOPICS, "ask_amount", "ask_deadline", "ask_programme_info", "ask_contact")
# Intents that are questions or requests rather than answers to the form's question.
NON_ANSWERS = (*PROGRAMME_QUESTIONS, "ask_eligibility", "list_programmes", "find_programme", "greet", "goodbye",
               "thank", "help", "switch_language", "start_over", "out_of_scope",
               "delete_conversation")


@dataclass(frozen=True)
class Button:
    """A reply button: what it says and what it sends."""

    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        """In Rasa's button shape."""
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    """One chat message."""

    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class ChatContext:
    """What the conversation knows: language, current programme, the applicant's facts, the day."""

    catalogue: Catalogue
    lang: Lang
    programme_id: str | None
    facts: Mapping[str, FactValue] = field(default_factory=dict)
    today: date = field(default_factory=date.today)

    @property
    def programme(self) -> Programme | None:
        """The programme being talked about, if any and known."""
        return self.catalogue.programmes.get(self.programme_id or "")


def payload(intent: str, **entities: object) -> str:
    """A Rasa payload that triggers `intent` with entities, e.g. /ask_amount{"programme":"x"}."""
    return f"/{intent}" + (json.dumps(entities, ensure_ascii=False, separators=(",", ":")) if entities else "")


def menu_buttons(lang: Lang) -> tuple[Button, ...]:
    """The main questions, offered when the assistant did not understand."""
    items = (("eligibility", "ask_eligibility"), ("amount", "ask_amount"), ("deadline", "ask_deadline"),
             ("programmes", "list_programmes"), ("contact", "ask_contact"))
    return tuple(Button(t(lang, f"chat.menu.{key}"), payload(intent)) for key, intent in items)


def programme_buttons(ctx: ChatContext, intent: str, open_calls_only: bool = True) -> tuple[Button, ...]:
    """One button per programme that sends `intent` about it."""
    programmes = ctx.catalogue.open_calls() if open_calls_only else list(ctx.catalogue.programmes.values())
    return tuple(Button(answers.name(p, ctx.lang), payload(intent, programme=p.id)) for p in programmes)


def _join(lines: Sequence[str]) -> str:
    return "\n".join(lines)


def which_programme(ctx: ChatContext, intent: str) -> Reply:
    """Ask which programme a question is about, with buttons that answer it directly."""
    open_only = intent in ("ask_eligibility", "ask_amount")
    return Reply(t(ctx.lang, "chat.which_programme"), programme_buttons(ctx, intent, open_calls_only=open_only))


def topic_reply(programme: Programme, topics: Sequence[str], lang: Lang) -> Reply:
    """Each topic's statements (or that the document is silent on it) and one source line."""
    lines: list[str] = []
    for topic in topics:
        body = answers.topic_lines(programme, topic, lang)[:-1]
        if len(topics) > 1 and programme.topics.get(topic):
            lines.append(str(texts.raw(lang, f"topic.names.{topic}")).capitalize() + ":")
        lines += body
    lines.append(answers.source_line(programme, lang))
    return Reply(_join(lines))


def answer_question(intent: str, ctx: ChatContext) -> list[Reply]:
    """The answer to a question about the current programme, or a request to pick one."""
    programme = ctx.programme
    if intent == "ask_contact" and programme is None:
        return [contacts_everywhere(ctx)]
    if intent == "ask_deadline" and programme is None:
        return [Reply(_join(answers.programme_list_lines(ctx.catalogue, ctx.today, ctx.lang))),
                which_programme(ctx, intent)]
    if programme is None:
        return [which_programme(ctx, intent)]
    if intent == "ask_amount":
        return [Reply(_join(answers.grant_lines(programme, ctx.facts, ctx.lang)))]
    if intent == "ask_deadline":
        return [Reply(_join(answers.deadline_lines(programme, ctx.today, ctx.lang)))]
    if intent == "ask_contact":
        return [Reply(_join(answers.contact_lines(programme, ctx.lang)))]
    if intent in INTENT_TOPICS:
        return [topic_reply(programme, INTENT_TOPICS[intent], ctx.lang)]
    return [Reply(_join(answers.overview_lines(programme, ctx.today, ctx.lang)))]


def contacts_everywhere(ctx: ChatContext) -> Reply:
    """Everyone the documents name, when no programme is in focus."""
    lines = [t(ctx.lang, "chat.contacts_all")]
    people: dict[tuple[str, str], list[str]] = {}
    roles: dict[tuple[str, str], str] = {}
    for programme in ctx.catalogue.programmes.values():
        for contact in programme.contacts:
            key = (contact.name, contact.phone)
            people.setdefault(key, []).append(answers.name(programme, ctx.lang))
            roles[key] = contact.role.get(ctx.lang)
    for (name, phone), programmes in people.items():
        item = t(ctx.lang, "contacts.item", name=name, role=roles[(name, phone)], phone=phone)
        lines.append(texts.item(f"{item} ({', '.join(programmes)})", ctx.lang))
    if len(lines) == 1:
        lines = [t(ctx.lang, "chat.no_contacts_anywhere")]
    return Reply(_join(lines), programme_buttons(ctx, "ask_contact"))


def programme_list(ctx: ChatContext) -> Reply:
    """All programmes with their state, and buttons to ask about each."""
    return Reply(_join(answers.programme_list_lines(ctx.catalogue, ctx.today, ctx.lang)),
                 programme_buttons(ctx, "ask_programme_info", open_calls_only=False))


def find_programmes(ctx: ChatContext) -> Reply:
    """Which open calls fit the facts known so far, and why; asks for facts when none are known."""
    if not ctx.facts:
        return Reply(t(ctx.lang, "chat.tell_me_about_you"))
    matches = rank_programmes(ctx.catalogue, ctx.facts, ctx.today)
    buttons = tuple(Button(answers.name(m.programme, ctx.lang), payload("ask_eligibility", programme=m.programme.id))
                    for m in matches if m.verdict.status != "not_eligible")
    return Reply(_join(answers.matches_lines(matches, ctx.lang)), buttons)


def verdict_reply(ctx: ChatContext) -> list[Reply]:
    """The verdict for the current programme with every reason, and the personal amount when eligible."""
    programme = ctx.programme
    if programme is None:
        return [which_programme(ctx, "ask_eligibility")]
    verdict = evaluate(programme, ctx.facts, ctx.today)
    replies = [Reply(_join(answers.verdict_lines(verdict, ctx.catalogue, ctx.lang)))]
    knows_money = any(k in ctx.facts for k in ("eligible_costs", "requested_amount"))
    if verdict.status == "eligible" and programme.open_call and knows_money:
        replies.append(Reply(_join(answers.grant_lines(programme, ctx.facts, ctx.lang)[:-1])))
    return replies


def question_buttons(ctx: ChatContext, criterion: Criterion) -> tuple[Button, ...]:
    """Buttons for the answers a question expects: yes/no, or the choices that matter for it."""
    fact = ctx.catalogue.facts.get(criterion.fact)
    lang = ctx.lang
    if fact.type == "boolean":
        return (Button(t(lang, "chat.answer_yes"), "/affirm"), Button(t(lang, "chat.answer_no"), "/deny"))
    if fact.type != "choice":
        return ()
    values: list[str] = list(criterion.value) if isinstance(criterion.value, tuple) else [str(criterion.value)]
    values += [e.values[0] for e in criterion.explain if e.values]
    if "other" in fact.choices:
        values.append("other")
    return tuple(Button(choice_label(fact, v, lang)[:1].upper() + choice_label(fact, v, lang)[1:],
                        payload("inform", **{fact.id: v})) for v in dict.fromkeys(values))


def ask_fact(ctx: ChatContext, criterion: Criterion) -> Reply:
    """The question for one missing fact, with its buttons."""
    return Reply(criterion.question.get(ctx.lang), question_buttons(ctx, criterion))


def not_understood(ctx: ChatContext, criterion: Criterion | None) -> Reply:
    """Say the answer was not understood and how to answer (the question follows)."""
    if criterion is None:
        return Reply(f"{t(ctx.lang, 'chat.not_understood_answer')} {t(ctx.lang, 'chat.hint.programme')}")
    fact = ctx.catalogue.facts.get(criterion.fact)
    return Reply(f"{t(ctx.lang, 'chat.not_understood_answer')} {t(ctx.lang, f'chat.hint.{fact.type}')}")


def noted(ctx: ChatContext, changed: Mapping[str, FactValue]) -> Reply:
    """Confirm the facts just understood, so a misreading is visible and can be corrected."""
    return Reply(t(ctx.lang, "chat.noted", facts=fact_items(ctx, changed)))


def fact_items(ctx: ChatContext, facts: Mapping[str, FactValue]) -> str:
    """"label: value; label: value" for facts, as the applicant reads them back."""
    items = []
    for fact_id, value in facts.items():
        fact = ctx.catalogue.facts.get(fact_id)
        shown = _fact_value_text(ctx, fact_id, value)
        items.append(str(texts.raw(ctx.lang, "chat.noted_item")).format(label=fact.label.get(ctx.lang), value=shown))
    return "; ".join(items)


def _fact_value_text(ctx: ChatContext, fact_id: str, value: FactValue) -> str:
    fact = ctx.catalogue.facts.get(fact_id)
    if fact.type == "boolean":
        return str(texts.raw(ctx.lang, f"format.answer_{'yes' if value else 'no'}"))
    if fact.type == "amount" and isinstance(value, int | float):
        currency = ctx.programme.currency if ctx.programme else "SEK"
        return texts.money(value, currency, ctx.lang)
    if fact.type == "percent" and isinstance(value, int | float):
        return texts.percent(value / 100, ctx.lang)
    if fact.type == "months" and isinstance(value, int | float) and not isinstance(value, bool):
        return t(ctx.lang, "format.month_count", n=texts.number(value, ctx.lang, 0 if float(value).is_integer() else 1))
    return choice_label(fact, value, ctx.lang)


def fallback(ctx: ChatContext, out_of_scope: bool = False) -> Reply:
    """Not understood (or not our business): say so and offer the main questions."""
    return Reply(t(ctx.lang, "chat.out_of_scope" if out_of_scope else "chat.fallback"), menu_buttons(ctx.lang))


def unavailable(catalogue: Catalogue, lang: Lang) -> str:
    """The apology when the bot cannot answer, naming each funder of an open call, with a phone where given."""
    contacts: dict[str, str] = {}
    for programme in catalogue.open_calls():
        owner = programme.owner.get(lang)
        if programme.contacts:
            contacts[owner] = str(texts.raw(lang, "chat.unavailable_contact")).format(
                owner=owner, phone=programme.contacts[0].phone)
        else:
            contacts.setdefault(owner, owner)
    return t(lang, "chat.unavailable", contacts=", ".join(contacts.values()))
