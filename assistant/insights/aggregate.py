"""From conversations to the report: counts per day, language, programme and kind of question; verdicts; groups of
unanswered messages, each with what to change; hand-offs; the median number of turns to a verdict."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from assistant.catalogue import Catalogue
from assistant.insights.collect import Collected
from assistant.insights.group import Message, group, representative
from assistant.insights.model import (
    UNANSWERED_KINDS,
    VERDICTS,
    Advice,
    Conversation,
    DayCount,
    Report,
    Turn,
    UnansweredGroup,
)

DEFAULT_K = 3


def _most(values: Iterable[str | None]) -> str | None:
    """The most frequent value (the first seen on a tie), ignoring None."""
    counted = Counter(v for v in values if v)
    return max(counted, key=lambda v: counted[v]) if counted else None


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def topic_of(gap: str | None) -> str | None:
    """The topic a "says nothing" part is about: "reporting.missing" -> reporting, "funding.total_pot.missing" ->
    funding, "reporting.silent_frequency" -> reporting."""
    return gap.split(".")[0] if gap else None


def advice(kind: str, turns: Sequence[Turn], catalogue: Catalogue | None) -> Advice:
    """What to change so such messages are answered: the training file, the programme file or the facts file."""
    lang = _most(t.language for t in turns) or "en"
    lang = lang if lang in ("da", "sv", "en") else "en"
    if kind == "not_stated":
        programme = _most(t.programme for t in turns)
        file = "data/programmes/"
        if programme and catalogue is not None and programme in catalogue.programmes:
            file += catalogue.programmes[programme].path.name
        elif programme:
            file += f"{programme}.yml"
        return Advice("not_stated", file, {"topic": _most(topic_of(t.gap) for t in turns) or "",
                                           "programme": programme or ""})
    if kind == "not_understood":
        return Advice("not_understood", "data/applicant_facts.yml", {"fact": _most(t.fact for t in turns) or ""})
    if kind == "unknown_programme":
        return Advice("unknown_programme", "data/programmes/", {"name": _most(t.unknown_programme for t in turns)
                                                                     or "?"})
    if kind == "out_of_scope":
        return Advice("out_of_scope", f"data/nlu/{lang}/nlu.yml")
    guess = _most(t.best_guess or (t.intent if t.intent not in ("nlu_fallback", "out_of_scope") else None)
                  for t in turns)
    return Advice("examples" if guess else "examples_no_guess", f"data/nlu/{lang}/nlu.yml", {"intent": guess or ""})


def _checks(conversation: Conversation) -> dict[str, tuple[str, str | None]]:
    """Per programme checked in the conversation: the last verdict and its deciding criterion, or "unknown" when
    the check was started (a question asked) but never reached a verdict."""
    out: dict[str, tuple[str, str | None]] = {}
    for turn in conversation.turns:
        if turn.programme is None:
            continue
        if turn.verdict in VERDICTS:
            out[turn.programme] = (turn.verdict, turn.criterion)
        elif turn.act == "ask_fact" and turn.programme not in out:
            out[turn.programme] = ("unknown", None)
    return out


def _turns_to_verdict(conversation: Conversation) -> int | None:
    """How many messages the conversation took to its first verdict (that message included)."""
    return next((i for i, turn in enumerate(conversation.turns, start=1) if turn.verdict in VERDICTS), None)


def build(collected: Collected, k: int = DEFAULT_K, since_days: int | None = None,
          catalogue: Catalogue | None = None, now: datetime | None = None) -> Report:
    """The report over the collected conversations; unanswered groups fewer than `k` conversations share are
    counted but not shown."""
    if k < 2:
        raise ValueError(f"K = {k}: at least 2 conversations must share a message before it is shown")
    conversations = collected.conversations
    turns = [t for c in conversations for t in c.turns]
    per_day: dict[object, Counter[str]] = {}
    starts: Counter[object] = Counter(c.turns[0].day for c in conversations)
    for turn in turns:
        per_day.setdefault(turn.day, Counter())[turn.language or "?"] += 1
    days = tuple(DayCount(day, starts.get(day, 0), sum(langs.values()), _sorted(langs))  # type: ignore[arg-type]
                 for day, langs in sorted(per_day.items(), key=lambda kv: str(kv[0])))
    questions = [t for t in turns if t.question]
    verdicts: Counter[str] = Counter(dict.fromkeys(VERDICTS, 0))
    by_programme: dict[str, Counter[str]] = {}
    criteria: Counter[str] = Counter()
    for conversation in conversations:
        for programme, (status, criterion) in _checks(conversation).items():
            verdicts[status] += 1
            by_programme.setdefault(programme, Counter(dict.fromkeys(VERDICTS, 0)))[status] += 1
            if status == "not_eligible" and criterion:
                criteria[f"{programme}/{criterion}"] += 1
    to_verdict = [n for n in (_turns_to_verdict(c) for c in conversations) if n is not None]
    unanswered = [t for t in turns if t.unanswered and not t.button and t.text.strip()]
    messages = [Message(t.text, t.conversation) for t in unanswered]
    groups = group(messages)
    shown = []
    hidden_groups = hidden_messages = 0
    for g in groups:
        if g.conversations < k:
            hidden_groups += 1
            hidden_messages += len(g.members)
            continue
        members = [unanswered[i] for i in g.members]
        kind = _most(t.unanswered for t in members) or "fallback"
        of_kind = [t for t in members if t.unanswered == kind]
        languages = tuple(sorted({t.language or "?" for t in members}))
        shown.append(UnansweredGroup(
            text=representative(messages, g.members, k), count=g.conversations, messages=len(g.members),
            languages=languages, kind=kind, advice=advice(kind, of_kind, catalogue),
            programme=_most(t.programme for t in of_kind), topic=_most(topic_of(t.gap) for t in of_kind)))
    kinds: Counter[str] = Counter(dict.fromkeys(UNANSWERED_KINDS, 0))
    kinds.update(t.unanswered for t in unanswered if t.unanswered)
    return Report(
        generated=now or datetime.now(timezone.utc), since_days=since_days, k=k,
        conversations=len(conversations), messages=len(turns), days=days,
        languages=_sorted(Counter(c.language for c in conversations)),
        message_languages=_sorted(Counter(t.language or "?" for t in turns)),
        programmes=_sorted(Counter(t.programme for t in questions if t.programme)),
        topics=_sorted(Counter(t.question for t in questions if t.question)),
        verdicts=dict(verdicts), verdicts_by_programme={p: dict(c) for p, c in sorted(by_programme.items())},
        criteria=_sorted(criteria), unanswered_messages=len(unanswered), unanswered_kinds=dict(kinds),
        unanswered=tuple(shown), hidden_groups=hidden_groups, hidden_messages=hidden_messages,
        handoffs=sum(1 for c in conversations if any(t.handoff for t in c.turns)),
        median_turns_to_verdict=float(statistics.median(to_verdict)) if to_verdict else None,
        deleted=dict(collected.deleted))
