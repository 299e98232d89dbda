"""Names staff can read, in their language: programmes, kinds of question, verdicts, requirements, topics, advice."""

from __future__ import annotations

from assistant.catalogue import Catalogue
from assistant.insights.model import Advice
from assistant.localized import Lang
from assistant.texts import MissingTextError, raw, t


def programme(catalogue: Catalogue | None, programme_id: str, lang: Lang) -> str:
    """The programme's short name (its id when the catalogue no longer has it)."""
    if catalogue is not None and programme_id in catalogue.programmes:
        return catalogue.programmes[programme_id].short_name.get(lang)
    return programme_id


def question(kind: str, lang: Lang) -> str:
    """A kind of question ("ask_deadline") as words ("deadlines")."""
    try:
        return str(raw(lang, f"insights.question_kinds.{kind}"))
    except MissingTextError:
        return kind


def language(code: str, lang: Lang) -> str:
    """A language code as its name ("da" -> "Danish"); "?" as "unknown"."""
    try:
        return str(raw(lang, f"insights.language_names.{code if code != '?' else 'unknown'}"))
    except MissingTextError:
        return code


def verdict(status: str, lang: Lang) -> str:
    """eligible / not_eligible / unknown in words."""
    return str(raw(lang, f"insights.verdict_names.{status}"))


def kind(unanswered: str, lang: Lang) -> str:
    """Why a message got no real answer, in words."""
    return str(raw(lang, f"insights.kinds.{unanswered}"))


def topic(name: str, lang: Lang) -> str:
    """A topic of a programme's text ("reporting", "funding") in words."""
    aliases = {"funding": "ask_amount", "amount": "ask_amount", "deadline": "ask_deadline", "contact": "ask_contact"}
    if name in aliases:
        return question(aliases[name], lang)
    try:
        return str(raw(lang, f"topic.names.{name}"))
    except MissingTextError:
        return name.replace("_", " ")


def criterion(catalogue: Catalogue | None, key: str, lang: Lang) -> str:
    """"programme/criterion" as "<programme>: <the question the assistant asks about it>"."""
    programme_id, _, criterion_id = key.partition("/")
    name = programme(catalogue, programme_id, lang)
    if catalogue is not None and programme_id in catalogue.programmes:
        for c in catalogue.programmes[programme_id].criteria:
            if c.id == criterion_id:
                return f"{name}: {c.question.get(lang)}"
    return f"{name}: {criterion_id}"


def advice(item: Advice, lang: Lang) -> str:
    """What to do about an unanswered group, as one sentence naming the file."""
    params = dict(item.params)
    if "topic" in params:
        params["topic"] = topic(params["topic"], lang) if params["topic"] else "?"
    return t(lang, f"insights.todo_texts.{item.key}", file=item.file, **{k: v for k, v in params.items()
                                                                       if k != "file"})
