"""Send every held-out case through a chat function and tally the outcomes per language and category."""

from __future__ import annotations

import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.heldout.judge import OUTCOMES, Case, Judgement, judge

# send(sender, text, metadata) -> Rasa's reply messages ({"text": ..., "buttons": [...]})
Send = Callable[[str, str, Mapping[str, Any]], Sequence[Mapping[str, Any]]]


@dataclass(frozen=True)
class TurnResult:
    """One user turn, the reply and its judgement."""

    case: Case
    index: int
    text: str
    reply: str
    judgement: Judgement
    seconds: float


@dataclass
class Report:
    """Every turn's result, with ratios by language, by category and by kind (single / conversation)."""

    turns: list[TurnResult] = field(default_factory=list)

    def ratio(self, results: Iterable[TurnResult]) -> tuple[float, int]:
        """Share answered right and how many."""
        results = list(results)
        return (sum(r.judgement.right for r in results) / len(results) if results else 1.0), len(results)

    def by(self, key: Callable[[TurnResult], str]) -> dict[str, list[TurnResult]]:
        """Results grouped by `key`."""
        groups: dict[str, list[TurnResult]] = defaultdict(list)
        for result in self.turns:
            groups[key(result)].append(result)
        return dict(sorted(groups.items()))

    def outcomes(self, results: Iterable[TurnResult] | None = None) -> Counter[str]:
        """How many turns had each outcome."""
        return Counter(r.judgement.outcome for r in (self.turns if results is None else results))

    def conversations_right(self) -> tuple[float, int]:
        """Share of multi-turn conversations in which every turn was answered right."""
        per_case: dict[str, bool] = {}
        for r in self.turns:
            if r.case.conversation:
                per_case[r.case.id] = per_case.get(r.case.id, True) and r.judgement.right
        return (sum(per_case.values()) / len(per_case) if per_case else 1.0), len(per_case)

    def table(self) -> str:
        """The report as text: overall, per language, per kind, per category, outcomes and the failures."""
        lines = []
        overall, n = self.ratio(self.turns)
        counts = self.outcomes()
        lines.append(f"held-out: {overall:.3f} answered right over {n} turns "
                     + " ".join(f"{k}={counts.get(k, 0)}" for k in OUTCOMES))
        conv, nc = self.conversations_right()
        lines.append(f"conversations with every turn right: {conv:.3f} of {nc}")
        lines.append("")
        lines.append(f"{'group':<34} {'right':>6} {'n':>5}  " + " ".join(f"{k:>14}" for k in OUTCOMES[1:]))
        groups = [("language " + k, v) for k, v in self.by(lambda r: r.case.lang).items()]
        groups += [("kind " + k, v) for k, v in
                   self.by(lambda r: "conversation" if r.case.conversation else "single").items()]
        groups += [("category " + k, v) for k, v in self.by(lambda r: r.case.category).items()]
        for name, results in groups:
            ratio, count = self.ratio(results)
            c = self.outcomes(results)
            counts = " ".join(f"{c.get(k, 0):>14}" for k in OUTCOMES[1:])
            lines.append(f"{name:<34} {ratio:>6.3f} {count:>5}  {counts}")
        seconds = sorted(r.seconds for r in self.turns)
        if seconds:
            lines.append("")
            lines.append(f"latency per turn: p50 {seconds[len(seconds) // 2] * 1000:.0f} ms, "
                         f"p95 {seconds[int(len(seconds) * 0.95)] * 1000:.0f} ms")
        return "\n".join(lines)

    def failures(self) -> str:
        """Each turn not answered right, with the reply's first lines."""
        out = []
        for r in self.turns:
            if not r.judgement.right:
                first = " | ".join(r.reply.splitlines()[:4])
                out.append(f"[{r.judgement.outcome}] {r.case.id}#{r.index} {r.text!r}\n    why: "
                           f"{r.judgement.why}\n    reply: {first[:400]}")
        return "\n".join(out)


def reply_parts(messages: Sequence[Mapping[str, Any]]) -> tuple[str, list[str]]:
    """All texts of a reply joined, and every button title."""
    text = "\n".join(str(m.get("text") or "") for m in messages if m.get("text"))
    buttons = [str(b.get("title") or "") for m in messages for b in (m.get("buttons") or [])]
    return text, buttons


def run(cases: Iterable[Case], send: Send) -> Report:
    """Each case in a new conversation; each turn judged on its own reply."""
    report = Report()
    for case in cases:
        sender = f"heldout-{uuid.uuid4().hex[:12]}"
        metadata = {k: v for k, v in case.page.items() if v}
        for index, (text, expect) in enumerate(case.turns):
            started = time.perf_counter()
            messages = send(sender, text, metadata)
            seconds = time.perf_counter() - started
            reply, buttons = reply_parts(messages)
            report.turns.append(TurnResult(case, index, text, reply, judge(expect, reply, buttons), seconds))
    return report
