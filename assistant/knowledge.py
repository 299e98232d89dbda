"""Every fact a programme states, as parts a reply can be made of, and the parts one question asks for.

A part is one fact in the reply's language (a topic statement, an amount, a period, the contacts, or "the
text says nothing about X"). `select` ranks a programme's parts for a question (assistant.retrieval) and
returns the best ones first: "what is the total pot?" gets the pot, not the cap; a question that names no
particular fact gets the whole answer to its kind of question, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from assistant import answers, config, texts
from assistant.catalogue import Catalogue, Detail, Programme, load_details
from assistant.facts import FactValue
from assistant.localized import LANGUAGES, Lang
from assistant.retrieval import Index, Ranked, make_unit, question_words, words_of
from assistant.texts import t

# The kinds of question (intents) and the families of parts that answer them, most specific first.
INTENT_FAMILIES: dict[str, tuple[str, ...]] = {
    "ask_amount": ("amount", "co_funding", "aid_levels"),
    "ask_deadline": ("deadline",),
    "ask_contact": ("contact",),
    "ask_who_can_apply": ("target_group", "criteria", "partners"),
    "ask_eligibility": ("target_group", "criteria", "partners"),
    "ask_costs": ("eligible_costs", "excluded_activities", "excluded_costs", "activities"),
    "ask_application": ("application_content", "how_to_apply"),
    "ask_assessment": ("assessment",),
    "ask_reporting": ("reporting",),
    "ask_ownership": ("ownership",),
    "ask_payout": ("payout",),
    "ask_duration": ("duration",),
    "ask_decision": ("decision", "appeal", "deadline"),
    "ask_programme_info": ("overview", "purpose", "activities", "background"),
}
# Topics people ask about often enough that "the text says nothing about it" is an answer worth finding.
ASKED_TOPICS = ("purpose", "target_group", "activities", "eligible_costs", "co_funding", "duration",
                "application_content", "how_to_apply", "assessment", "decision", "appeal", "reporting",
                "ownership", "payout", "confidentiality")
# How sure the ranking must be (sum of matched word weights) before one fact goes first.
CONFIDENT = 2.0
STRONG = 6.0  # a fact of another kind than the question's matches this well: it is what is asked
CLOSE = 0.8  # parts scoring within this share of the best follow it (at most two)
FACT_FAMILIES = ("amount", "deadline", "contact", "overview", "criteria")  # single facts, never a whole block
TOPIC_PARTS = 5  # at most this many statements of one topic in a reply


@dataclass(frozen=True)
class Part:
    """One answerable fact of a programme, in one language."""

    id: str
    family: str
    lines: tuple[str, ...]


def details() -> Mapping[str, Detail]:
    """data/details.yml (read once, by the catalogue's loader)."""
    return load_details(config.data_dir() / "details.yml")


def _family(part_id: str) -> str:
    if part_id.startswith("funding."):
        return "amount"
    if part_id.startswith("deadline."):
        return "deadline"
    return part_id.split(".")[0]


def parts(programme: Programme, facts: Mapping[str, FactValue], today: date, lang: Lang) -> list[Part]:
    """Every fact of the programme as a part, in the order a full answer would give them."""
    out: list[Part] = []
    out.append(Part("overview", "overview", tuple(answers.overview_lines(programme, today, lang)[:-1])))
    out += [Part(pid, _family(pid), tuple(lines)) for pid, lines in answers.grant_parts(programme, facts, lang)]
    out += [Part(pid, _family(pid), tuple(lines)) for pid, lines in answers.deadline_parts(programme, today, lang)]
    out.append(Part("contact", "contact", tuple(answers.contact_lines(programme, lang)[:-1])))
    for criterion in programme.criteria:
        out.append(Part(f"criteria.{criterion.id}", "criteria", (criterion.fails.get(lang),)))
    doc = texts.raw(lang, f"doc_kind.{programme.kind}")
    for detail_id in programme.silent_on:  # "how often must we report?" where the text does not say: first
        detail = details()[detail_id]
        out.append(Part(detail.part_id(), detail.family,
                        (t(lang, "topic.not_stated", doc=doc, topic=detail.name[lang]),)))
    for topic, statements in programme.topics.items():
        for i, statement in enumerate(statements):
            out.append(Part(f"{topic}.{i}", topic, (texts.item(statement.text.get(lang), lang),)))
    for topic in ASKED_TOPICS if programme.open_call else ():  # a press release is silent on most of these
        if not programme.topics.get(topic):
            topic_name = texts.raw(lang, f"topic.names.{topic}")
            out.append(Part(f"{topic}.missing", topic, (t(lang, "topic.not_stated", doc=doc, topic=topic_name),)))
    return out


def _kind_words(part_id: str, family: str) -> tuple[str, ...]:
    words = question_words()
    key = part_id.rsplit(".", 1)[0] if part_id.startswith("deadline.") else part_id
    for candidate in (part_id, key, ".".join(part_id.split(".")[:2]), family):
        if candidate in words:
            return words[candidate]
    return ()


def _statement_keywords(programme: Programme, part_id: str) -> tuple[str, ...]:
    topic, _, index = part_id.partition(".")
    if index.startswith("silent_"):
        return details()[index.removeprefix("silent_")].keywords
    statements = programme.topics.get(topic)
    if statements and index.isdigit():
        return statements[int(index)].keywords
    return ()


def _name_words(programme: Programme) -> set[str]:
    """Words of the programme's names and owner: every one of its facts shares them, so they tell none apart."""
    names = [*programme.aliases, *programme.cues.owner,
             *(getattr(programme, f).get(lang) for f in ("name", "short_name", "owner") for lang in LANGUAGES)]
    return {w for name in names for w in words_of(name)}


def build_index(catalogue: Catalogue, today: date) -> Index:
    """One index over every programme's parts, their sentences in all languages and their words."""
    units = {}
    for programme in catalogue.programmes.values():
        by_id: dict[str, list[str]] = {}
        families: dict[str, str] = {}
        order: dict[str, int] = {}
        for lang in LANGUAGES:
            for i, part in enumerate(parts(programme, {}, today, lang)):
                by_id.setdefault(part.id, []).extend(part.lines)
                families[part.id] = part.family
                order.setdefault(part.id, i)
        facts_of = {f"criteria.{c.id}": c.fact for c in programme.criteria}
        for criterion in programme.criteria:
            by_id[f"criteria.{criterion.id}"] += [criterion.question.get(lang) for lang in LANGUAGES]
        by_id["overview"] = []  # found by "what is ...?" words, not by the programme's own name and purpose
        own_name = _name_words(programme)
        units[programme.id] = [
            make_unit(pid, families[pid], lines, _statement_keywords(programme, pid),
                      _kind_words(f"criteria.{facts_of[pid]}" if pid in facts_of else pid, families[pid]),
                      order[pid], own_name)
            for pid, lines in by_id.items()]
        personal = "funding.personal"
        units[programme.id].append(make_unit(personal, "amount", [], (), question_words().get(personal, ()),
                                             order.get("funding.max_per_project", 1)))
    return Index(units)


_INDEX: dict[int, tuple[Catalogue, Index]] = {}


def index_for(catalogue: Catalogue, today: date) -> Index:
    """The index of this catalogue, built once per process."""
    cached = _INDEX.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        cached = (catalogue, build_index(catalogue, today))
        _INDEX[id(catalogue)] = cached
    return cached[1]


@dataclass(frozen=True)
class Selection:
    """The parts chosen for a reply, and whether one fact clearly matched the question."""

    parts: tuple[Part, ...]
    specific: bool
    ranked: tuple[Ranked, ...] = ()


def select(catalogue: Catalogue, programme: Programme, question: str, intent: str, facts: Mapping[str, FactValue],
           today: date, lang: Lang, skip_words: Sequence[str] = (), confidence: float = 0.5) -> Selection:
    """The parts that answer `question` about `programme`: the best match first, or the intent's whole answer.

    The intent's kind of fact gets a head start that grows with the classifier's confidence.
    """
    families = INTENT_FAMILIES.get(intent, ("overview",))
    available = {p.id: p for p in parts(programme, facts, today, lang)}
    prior = 1.0 + 3.0 * max(0.0, confidence - 0.5)
    ranked = [r for r in index_for(catalogue, today).rank(programme.id, question, families, skip_words, prior)
              if r.unit.id in available]
    if ranked and confidence >= 0.6 and ranked[0].unit.family not in families:
        # the classifier is sure of the kind of question: a fact of that kind goes first when it matches too,
        # and when none does and no fact of another kind clearly stands out, the kind's whole answer
        in_family = [r for r in ranked if r.unit.family in families]
        if in_family and in_family[0].lexical >= max(CONFIDENT, 0.4 * ranked[0].lexical):
            ranked = in_family + [r for r in ranked if r.unit.family not in families]
        elif ranked[0].lexical < STRONG:
            return Selection((), False, tuple(ranked[:6]))
    if ranked and says_nothing(ranked[0].unit.id) and ranked[0].unit.family in families:
        # "how many projects has it funded so far?": a fact the text states, matching clearly better, beats
        # "the text does not say" (how many it will fund) that only the kind of question put first
        stated = next((r for r in ranked[1:6] if not says_nothing(r.unit.id)
                       and r.lexical >= max(STRONG, 1.25 * ranked[0].lexical)), None)
        if stated is not None:
            ranked = [stated, *[r for r in ranked if r is not stated]]
    if ranked and ranked[0].lexical >= CONFIDENT:
        best = ranked[0]
        chosen = [best, *[r for r in ranked[1:6] if r.lexical >= CONFIDENT and r.score >= CLOSE * best.score][:2]]
        if best.unit.family not in FACT_FAMILIES:  # a topic's other statements follow its best one
            siblings = sorted((r for r in ranked if r.unit.family == best.unit.family and r not in chosen),
                              key=lambda r: r.unit.order)
            chosen += siblings[:max(0, TOPIC_PARTS - len(chosen))]
        return Selection(tuple(available[r.unit.id] for r in chosen), True, tuple(ranked[:6]))
    return Selection((), False, tuple(ranked[:6]))


def says_nothing(part_id: str) -> bool:
    """A part that says the text is silent ("topic.missing", "family.silent_detail")."""
    return part_id.endswith(".missing") or ".silent_" in part_id


def question_words_of(text: str) -> list[str]:
    """The content words of a question (for callers that skip a programme's own name words)."""
    return words_of(text)
