"""Load data/programmes/*.yml into typed objects and refuse anything that is not backed by its source.

Every programme fact carries `source: {seed, quote}`; `validate` checks that each quote stands verbatim
(whitespace-normalised) in the named seed document, that dates parse, that criteria refer to known facts
and that every text exists in Danish, Swedish and English. Problems name the file, line and field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from assistant import config
from assistant.facts import FACT_TYPES, Choice, FactBook, FactDef, FactValue
from assistant.localized import LANGUAGES, Localized

NOT_STATED = "not stated"
OPERATORS = ("equals", "one_of", "at_least", "at_most")
CRITERION_KINDS = ("required", "condition")
PROGRAMME_KINDS = ("call", "press_release", "eu_project")
# Topics a programme may describe; the chat maps questions to these, and says "not stated" for the rest.
TOPICS = (
    "purpose", "background", "target_group", "partners", "activities", "excluded_activities",
    "eligible_costs", "excluded_costs", "co_funding", "aid_levels", "duration", "application_content",
    "assessment", "decision", "appeal", "reporting", "ownership", "payout", "how_to_apply",
    "confidentiality", "reference", "history", "funding_rounds", "facts_sheet",
)

Operator = Literal["equals", "one_of", "at_least", "at_most"]
CriterionKind = Literal["required", "condition"]


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a seed document and the verbatim sentence in it."""

    seed: str
    quote: str

    def as_dict(self) -> dict[str, str]:
        """For JSON output."""
        return {"seed": self.seed, "quote": self.quote}


@dataclass(frozen=True)
class Statement:
    """A fact said in three languages, with its source."""

    text: Localized
    source: Source
    keywords: tuple[str, ...] = ()  # words a question about exactly this statement uses, any language


@dataclass(frozen=True)
class Cues:
    """How people point at a programme besides its names: its owners, hints (year, subject, kind), and
    likely names ("AI-puljen") that point at it but could be said of another programme too."""

    owner: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    likely: tuple[str, ...] = ()


@dataclass(frozen=True)
class Money:
    """An amount in a currency, e.g. the pot or the cap per project."""

    amount: int
    currency: str
    source: Source
    per: str | None = None  # "call" or "year" for pots


@dataclass(frozen=True)
class Share:
    """A share of costs, e.g. at most 80 % of eligible costs."""

    share: float
    source: Source


@dataclass(frozen=True)
class AidLevels:
    """State-aid levels by company size, applied to the costs of company parties."""

    fact: str
    costs_fact: str
    shares: Mapping[str, float]
    source: Source
    condition: Localized | None = None  # e.g. "under vissa förutsättningar": the levels are not unconditional


@dataclass(frozen=True)
class Count:
    """A number of things, e.g. the number of projects a funder plans to fund."""

    count: int
    source: Source


@dataclass(frozen=True)
class Funding:
    """The money side of a programme; any part may be absent (the text does not state it)."""

    total_pot: Money | None = None
    max_per_project: Money | None = None
    max_share_of_eligible_costs: Share | None = None
    aid_levels: AidLevels | None = None
    de_minimis: Money | None = None
    de_minimis_years: int | None = None
    expected_projects: Count | None = None
    total_eligible_costs: Money | None = None
    eu_support: Money | None = None
    notes: tuple[Statement, ...] = ()  # rules every amount answer must carry, e.g. "spent in the year granted"


@dataclass(frozen=True)
class Decision:
    """When applicants hear back: a date, or a week number when the text gives no year."""

    source: Source
    date: date | None = None
    by_week: int | None = None


@dataclass(frozen=True)
class Period:
    """One application period; None dates mean the text does not state them."""

    id: str
    label: Localized
    opens: date | None
    closes: date | None
    source: Source
    decision: Decision | None = None


@dataclass(frozen=True)
class Explanation:
    """A sharper reason for failing a criterion with particular values, e.g. why a company cannot coordinate."""

    values: tuple[str, ...]
    fails: Localized
    source: Source


@dataclass(frozen=True)
class Applies:
    """When a criterion applies: only if another fact has one of these values (e.g. only for an economic
    association, ask whether it is self-governing and non-profit)."""

    fact: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Criterion:
    """One eligibility rule as data: fact, operator, value, the question that asks it and why it matters."""

    id: str
    fact: str
    operator: Operator
    value: FactValue | tuple[str, ...]
    kind: CriterionKind
    question: Localized
    passes: Localized
    fails: Localized
    source: Source
    explain: tuple[Explanation, ...] = ()
    fix: Localized | None = None  # a limit the applicant sets: exceeding it is fixed by changing the plan
    applies: Applies | None = None  # only when another fact has one of some values
    ruled_out_by: Applies | None = None  # unknown, yet failed when another fact has one of these values


@dataclass(frozen=True)
class Contact:
    """A person named in the text, with a phone number."""

    name: str
    role: Localized
    phone: str
    source: Source


@dataclass(frozen=True)
class Season:
    """A term the call belongs to when it gives no dates, e.g. "vt 2022"."""

    label: str
    year: int
    text: Localized
    source: Source
    ends: date | None = None  # the last day of the term, when the term is known (vt: 30 June)


@dataclass(frozen=True)
class DatedFact:
    """A date with its source (last changed, published)."""

    date: date
    source: Source


@dataclass(frozen=True)
class ProjectPeriod:
    """Start and end of a project (for programmes that are projects, not calls)."""

    start: date
    end: date
    source: Source


@dataclass(frozen=True)
class Programme:
    """One programme or call, as its source document states it."""

    id: str
    path: Path
    seed: str
    open_call: bool
    kind: str
    country: str
    currency: str
    name: Localized
    name_source: Source
    short_name: Localized
    aliases: tuple[str, ...]
    owner: Localized
    owner_source: Source
    cues: Cues
    funding: Funding
    periods: tuple[Period, ...]
    criteria: tuple[Criterion, ...]
    topics: Mapping[str, tuple[Statement, ...]]
    contacts: tuple[Contact, ...]
    related: tuple[str, ...] = ()
    headline: Source | None = None  # the document's own title, when it is not the programme's name
    season: Season | None = None
    last_changed: DatedFact | None = None
    published: DatedFact | None = None
    project_period: ProjectPeriod | None = None
    silent_on: tuple[str, ...] = ()  # details (data/details.yml) the text says nothing about

    def sources(self) -> Iterator[tuple[str, Source]]:
        """Every (field, source) pair, for validation and for listing what the answer rests on."""
        yield "name", self.name_source
        if self.headline is not None:
            yield "headline", self.headline
        yield "owner", self.owner_source
        for name in ("total_pot", "max_per_project", "max_share_of_eligible_costs", "aid_levels", "de_minimis",
                     "expected_projects", "total_eligible_costs", "eu_support"):
            part = getattr(self.funding, name)
            if part is not None:
                yield f"funding.{name}", part.source
        for i, note in enumerate(self.funding.notes):
            yield f"funding.notes[{i}]", note.source
        for i, p in enumerate(self.periods):
            yield f"periods[{i}]", p.source
            if p.decision:
                yield f"periods[{i}].decision", p.decision.source
        for i, c in enumerate(self.criteria):
            yield f"criteria[{i}]", c.source
            for j, e in enumerate(c.explain):
                yield f"criteria[{i}].explain[{j}]", e.source
        for topic, statements in self.topics.items():
            for i, s in enumerate(statements):
                yield f"topics.{topic}[{i}]", s.source
        for i, contact in enumerate(self.contacts):
            yield f"contacts[{i}]", contact.source
        for name in ("season", "last_changed", "published", "project_period"):
            part = getattr(self, name)
            if part is not None:
                yield name, part.source

    def criterion_facts(self) -> tuple[str, ...]:
        """The facts this programme's criteria use, in asking order, without repeats."""
        return tuple(dict.fromkeys(c.fact for c in self.criteria))


@dataclass(frozen=True)
class Catalogue:
    """All programmes and the applicant facts they refer to."""

    programmes: Mapping[str, Programme]
    facts: FactBook

    def get(self, programme_id: str) -> Programme:
        """The programme with this id, or UnknownProgrammeError listing the known ids."""
        try:
            return self.programmes[programme_id]
        except KeyError:
            raise UnknownProgrammeError(
                f"unknown programme '{programme_id}'; known: {', '.join(sorted(self.programmes))}"
            ) from None

    def open_calls(self) -> list[Programme]:
        """Programmes one can apply to (calls), in id order."""
        return [p for p in self.programmes.values() if p.open_call]


class UnknownProgrammeError(KeyError):
    """A programme id that is not in the catalogue."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a catalogue file."""

    path: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.field}: {self.message}"


class CatalogueError(ValueError):
    """The catalogue cannot be trusted; carries every problem found, each naming file, line and field."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# ---------------------------------------------------------------- reading YAML with line numbers


def _line_index(node: yaml.Node, prefix: str = "", out: dict[str, int] | None = None) -> dict[str, int]:
    """Map each field path ("criteria[2].source.quote") to its 1-based line, for error messages."""
    out = {} if out is None else out
    out.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}.{key.value}" if prefix else str(key.value)
            _line_index(value, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_index(item, f"{prefix}[{i}]", out)
    return out


class _TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date becomes a named problem instead of a crash."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Reader:
    """Typed access to one YAML document that records problems instead of raising on the first one."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        text = path.read_text(encoding="utf-8")
        try:
            node = yaml.compose(text, Loader=_TextDatesLoader)
            self.data: Any = yaml.load(text, Loader=_TextDatesLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.fail("", f"not valid YAML: {getattr(exc, 'problem', exc)}", None if mark is None else mark.line + 1)
            node, self.data = None, None
        self.lines = _line_index(node) if node is not None else {}

    def fail(self, field_path: str, message: str, line: int | None = None) -> None:
        """Record a problem at a field."""
        if line is None:
            probe = field_path
            while probe and probe not in self.lines:
                probe = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
            line = self.lines.get(probe)
        self.problems.append(Problem(self.path, line, field_path or "(file)", message))

    def get(self, data: Any, field_path: str, key: str, required: bool = True) -> Any:
        """data[key], recording a problem when a required key is missing."""
        if isinstance(data, dict) and key in data and data[key] is not None:
            return data[key]
        if required:
            self.fail(f"{field_path}.{key}".lstrip("."), "missing")
        return None

    def text(self, data: Any, field_path: str, key: str) -> str:
        """A required non-empty string."""
        value = self.get(data, field_path, key)
        if value is None:
            return ""
        if not isinstance(value, str | int | float) or not str(value).strip():
            self.fail(f"{field_path}.{key}".lstrip("."), f"expected text, got {value!r}")
            return ""
        return str(value)

    def localized(self, data: Any, field_path: str) -> Localized:
        """A {da, sv, en} mapping; a missing language is a missing translation."""
        if not isinstance(data, dict):
            self.fail(field_path, "expected da/sv/en texts")
            return Localized("", "", "")
        texts: dict[str, str] = {}
        for lang in LANGUAGES:
            value = data.get(lang)
            if not isinstance(value, str) or not value.strip():
                self.fail(f"{field_path}.{lang}", f"missing translation ({lang})")
                value = ""
            texts[lang] = value
        return Localized(**texts)

    def source(self, data: Any, field_path: str) -> Source:
        """A required {seed, quote} source."""
        raw = self.get(data, field_path, "source")
        if not isinstance(raw, dict):
            if raw is not None:
                self.fail(f"{field_path}.source", "expected {seed, quote}")
            return Source("", "")
        return Source(self.text(raw, f"{field_path}.source", "seed"), self.text(raw, f"{field_path}.source", "quote"))

    def day(self, data: Any, field_path: str, key: str, allow_not_stated: bool = False) -> date | None:
        """A date (YAML date or YYYY-MM-DD), or None for `not stated` where that is allowed."""
        value = self.get(data, field_path, key)
        where = f"{field_path}.{key}".lstrip(".")
        if value is None:
            return None
        if isinstance(value, date):
            return value
        if allow_not_stated and str(value).strip().lower() == NOT_STATED:
            return None
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            hint = f" or '{NOT_STATED}'" if allow_not_stated else ""
            self.fail(where, f"'{value}' is not a date; expected YYYY-MM-DD{hint}")
            return None

    def number(self, data: Any, field_path: str, key: str, kind: type[int] | type[float] = int) -> Any:
        """A required number (int or float)."""
        value = self.get(data, field_path, key)
        if value is None:
            return kind(0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"{field_path}.{key}".lstrip("."), f"expected a number, got {value!r}")
            return kind(0)
        return kind(value)


# ---------------------------------------------------------------- applicant facts


def load_facts(path: Path | None = None, problems: list[Problem] | None = None) -> FactBook:
    """Read data/applicant_facts.yml."""
    path = path or config.data_dir() / "applicant_facts.yml"
    own = problems if problems is not None else []
    reader = _Reader(path, own)
    facts: dict[str, FactDef] = {}
    for fact_id, raw in (reader.data or {}).items():
        where = str(fact_id)
        fact_type = reader.text(raw, where, "type")
        if fact_type not in FACT_TYPES:
            reader.fail(f"{where}.type", f"'{fact_type}' is not one of {', '.join(FACT_TYPES)}")
            continue
        choices: dict[str, Choice] = {}
        if fact_type == "choice":
            for choice_id, craw in (reader.get(raw, where, "choices") or {}).items():
                cwhere = f"{where}.choices.{choice_id}"
                words = craw.get("words", {}) if isinstance(craw, dict) else {}
                choices[str(choice_id)] = Choice(
                    id=str(choice_id),
                    label=reader.localized(reader.get(craw, cwhere, "label"), f"{cwhere}.label"),
                    words={lang: tuple(str(w).lower() for w in words.get(lang, []) or []) for lang in LANGUAGES},
                )
        facts[str(fact_id)] = FactDef(
            id=str(fact_id),
            type=fact_type,
            label=reader.localized(reader.get(raw, where, "label"), f"{where}.label"),
            choices=choices,
            only_when_asked=bool(raw.get("only_when_asked", False)) if isinstance(raw, dict) else False,
            true_when=_words(reader, raw, f"{where}.true_when"),
            false_when=_words(reader, raw, f"{where}.false_when"),
            stated_with=_words(reader, raw, f"{where}.stated_with"),
            unless_with=_words(reader, raw, f"{where}.unless_with"),
            about_words=_words(reader, raw, f"{where}.about_words"),
            not_in_questions=bool(raw.get("not_in_questions", False)) if isinstance(raw, dict) else False,
        )
    if problems is None and own:
        raise CatalogueError(own)
    return FactBook(facts)


# ---------------------------------------------------------------- programmes


def _money(reader: _Reader, data: Any, where: str, currency: str) -> Money | None:
    if data is None:
        return None
    return Money(
        amount=reader.number(data, where, "amount"),
        currency=str(data.get("currency", currency)),
        source=reader.source(data, where),
        per=data.get("per"),
    )


def _funding(reader: _Reader, data: Any, currency: str, facts: FactBook) -> Funding:
    data = data or {}
    where = "funding"
    share = data.get("max_share_of_eligible_costs")
    aid = data.get("aid_levels")
    aid_levels = None
    if aid is not None:
        awhere = f"{where}.aid_levels"
        fact = reader.text(aid, awhere, "fact")
        costs_fact = reader.text(aid, awhere, "costs_fact")
        raw_shares = reader.get(aid, awhere, "shares") or {}
        shares = {str(k): float(reader.number(raw_shares, f"{awhere}.shares", k, float))
                  for k in (raw_shares if isinstance(raw_shares, dict) else {})}
        for name in (fact, costs_fact):
            if name and name not in facts.facts:
                reader.fail(awhere, f"refers to unknown fact '{name}'")
        if fact in facts.facts:
            for value in shares:
                if value not in facts.facts[fact].choices:
                    reader.fail(f"{awhere}.shares.{value}", f"'{value}' is not a value of fact '{fact}'")
        condition = aid.get("condition") if isinstance(aid, dict) else None
        aid_levels = AidLevels(fact, costs_fact, shares, reader.source(aid, awhere),
                               None if condition is None else reader.localized(condition, f"{awhere}.condition"))
    minimis = data.get("de_minimis")
    expected = data.get("expected_projects")
    return Funding(
        total_pot=_money(reader, data.get("total_pot"), f"{where}.total_pot", currency),
        max_per_project=_money(reader, data.get("max_per_project"), f"{where}.max_per_project", currency),
        max_share_of_eligible_costs=None if share is None else Share(
            reader.number(share, f"{where}.max_share_of_eligible_costs", "share", float),
            reader.source(share, f"{where}.max_share_of_eligible_costs"),
        ),
        aid_levels=aid_levels,
        de_minimis=_money(reader, minimis, f"{where}.de_minimis", currency),
        de_minimis_years=None if minimis is None else reader.number(minimis, f"{where}.de_minimis", "years"),
        expected_projects=None if expected is None else Count(
            reader.number(expected, f"{where}.expected_projects", "count"),
            reader.source(expected, f"{where}.expected_projects"),
        ),
        total_eligible_costs=_money(reader, data.get("total_eligible_costs"), f"{where}.total_eligible_costs",
                                    currency),
        eu_support=_money(reader, data.get("eu_support"), f"{where}.eu_support", currency),
        notes=tuple(Statement(reader.localized(reader.get(n, f"{where}.notes[{i}]", "text"),
                                               f"{where}.notes[{i}].text"),
                              reader.source(n, f"{where}.notes[{i}]"))
                    for i, n in enumerate(data.get("notes") or [])),
    )


def _criterion_value(reader: _Reader, raw: Any, where: str, fact: FactDef | None, operator: str) -> Any:
    """Check that a criterion's value fits its fact and operator."""
    value = reader.get(raw, where, "value")
    if fact is None or value is None:
        return value
    if operator == "one_of":
        if not isinstance(value, list) or not value:
            reader.fail(f"{where}.value", "one_of needs a non-empty list")
            return ()
        values = tuple(str(v) for v in value)
    else:
        values = (value,)
    if operator in ("at_least", "at_most") and fact.type not in ("amount", "percent", "months"):
        reader.fail(f"{where}.operator", f"{operator} needs a numeric fact; '{fact.id}' is {fact.type}")
    for v in values:
        if fact.type == "choice" and str(v) not in fact.choices:
            reader.fail(f"{where}.value", f"'{v}' is not a value of fact '{fact.id}' ({fact.describe_allowed()})")
        if fact.type == "boolean" and not isinstance(v, bool):
            reader.fail(f"{where}.value", f"fact '{fact.id}' is boolean; expected true or false, got {v!r}")
        if fact.type in ("amount", "percent", "months") and (isinstance(v, bool) or not isinstance(v, int | float)):
            reader.fail(f"{where}.value", f"fact '{fact.id}' is numeric; expected a number, got {v!r}")
    return values if operator == "one_of" else value


def _criteria(reader: _Reader, data: Any, facts: FactBook) -> tuple[Criterion, ...]:
    out: list[Criterion] = []
    seen: set[str] = set()
    for i, raw in enumerate(data or []):
        where = f"criteria[{i}]"
        cid = reader.text(raw, where, "id")
        if cid in seen:
            reader.fail(f"{where}.id", f"duplicate criterion id '{cid}'")
        seen.add(cid)
        fact_id = reader.text(raw, where, "fact")
        fact = facts.facts.get(fact_id)
        if fact_id and fact is None:
            reader.fail(f"{where}.fact", f"refers to unknown fact '{fact_id}'; known: {', '.join(sorted(facts.facts))}")
        operator = reader.text(raw, where, "operator")
        if operator and operator not in OPERATORS:
            reader.fail(f"{where}.operator", f"'{operator}' is not one of {', '.join(OPERATORS)}")
        kind = reader.text(raw, where, "kind")
        if kind and kind not in CRITERION_KINDS:
            reader.fail(f"{where}.kind", f"'{kind}' is not one of {', '.join(CRITERION_KINDS)}")
        explain: list[Explanation] = []
        for j, eraw in enumerate((raw or {}).get("explain") or []):
            ewhere = f"{where}.explain[{j}]"
            values = tuple(str(v) for v in (reader.get(eraw, ewhere, "values") or []))
            for v in values:
                if fact is not None and fact.type == "choice" and v not in fact.choices:
                    reader.fail(f"{ewhere}.values", f"'{v}' is not a value of fact '{fact_id}'")
            explain.append(Explanation(values, reader.localized(reader.get(eraw, ewhere, "fails"), f"{ewhere}.fails"),
                                       reader.source(eraw, ewhere)))
        out.append(Criterion(
            id=cid,
            fact=fact_id,
            operator=operator,  # type: ignore[arg-type]
            value=_criterion_value(reader, raw, where, fact, operator),
            kind=kind,  # type: ignore[arg-type]
            question=reader.localized(reader.get(raw, where, "question"), f"{where}.question"),
            passes=reader.localized(reader.get(raw, where, "passes"), f"{where}.passes"),
            fails=reader.localized(reader.get(raw, where, "fails"), f"{where}.fails"),
            source=reader.source(raw, where),
            explain=tuple(explain),
            fix=None if (raw or {}).get("fix") is None else reader.localized(raw["fix"], f"{where}.fix"),
            applies=_applies(reader, raw, where, facts),
            ruled_out_by=_applies(reader, raw, where, facts, "ruled_out_by"),
        ))
    return tuple(out)


def _silent_on(reader: _Reader, data: Mapping[str, Any], details: Path) -> tuple[str, ...]:
    """`silent_on: [detail, ...]`: details of data/details.yml the text leaves out; an unknown one is named."""
    ids = tuple(str(d) for d in data.get("silent_on") or [])
    known = load_details(details)
    for detail in ids:
        if detail not in known:
            reader.fail("silent_on", f"'{detail}' is not a detail in data/details.yml ({', '.join(sorted(known))})")
    return ids


@dataclass(frozen=True)
class Detail:
    """A detail of a topic a text may leave out (data/details.yml): its name per language and its keywords."""

    id: str
    family: str
    name: Mapping[str, str]
    keywords: tuple[str, ...]

    def part_id(self) -> str:
        return f"{self.family}.silent_{self.id}"


@lru_cache(maxsize=4)
def load_details(path: Path) -> Mapping[str, Detail]:
    """data/details.yml (next to the programmes folder), read once per file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {str(k): Detail(str(k), str(v["family"]), {str(lang): str(n) for lang, n in v["name"].items()},
                           tuple(str(w) for w in v.get("keywords") or []))
            for k, v in (raw or {}).items()}


def _applies(reader: _Reader, raw: Any, where: str, facts: FactBook, key: str = "applies") -> Applies | None:
    """`applies: {fact, values}`: the criterion counts only when that fact has one of the values;
    `ruled_out_by: {fact, values}`: while its own fact is unknown, those values of another fact fail it."""
    data = (raw or {}).get(key) if isinstance(raw, dict) else None
    if data is None:
        return None
    fact_id = reader.text(data, f"{where}.{key}", "fact")
    values = tuple(str(v) for v in (reader.get(data, f"{where}.{key}", "values") or []))
    fact = facts.facts.get(fact_id)
    if fact_id and fact is None:
        reader.fail(f"{where}.{key}.fact", f"refers to unknown fact '{fact_id}'")
    for value in values:
        if fact is not None and fact.type == "choice" and value not in fact.choices:
            reader.fail(f"{where}.{key}.values", f"'{value}' is not a value of fact '{fact_id}'")
    return Applies(fact_id, values)


def _periods(reader: _Reader, data: Any) -> tuple[Period, ...]:
    out: list[Period] = []
    for i, raw in enumerate(data or []):
        where = f"periods[{i}]"
        opens = reader.day(raw, where, "opens", allow_not_stated=True)
        closes = reader.day(raw, where, "closes", allow_not_stated=True)
        if opens and closes and opens > closes:
            reader.fail(f"{where}.closes", f"closes ({closes}) before it opens ({opens})")
        decision = None
        draw = (raw or {}).get("decision")
        if draw is not None:
            dwhere = f"{where}.decision"
            decision = Decision(
                source=reader.source(draw, dwhere),
                date=reader.day(draw, dwhere, "date") if "date" in draw else None,
                by_week=reader.number(draw, dwhere, "by_week") if "by_week" in draw else None,
            )
        out.append(Period(
            id=reader.text(raw, where, "id"),
            label=reader.localized(reader.get(raw, where, "label"), f"{where}.label"),
            opens=opens, closes=closes, source=reader.source(raw, where), decision=decision,
        ))
    return tuple(out)


def _topics(reader: _Reader, data: Any) -> dict[str, tuple[Statement, ...]]:
    topics: dict[str, tuple[Statement, ...]] = {}
    for topic, items in (data or {}).items():
        if topic not in TOPICS:
            reader.fail(f"topics.{topic}", f"unknown topic; known: {', '.join(TOPICS)}")
            continue
        statements = []
        for i, raw in enumerate(items or []):
            where = f"topics.{topic}[{i}]"
            statements.append(Statement(reader.localized(reader.get(raw, where, "text"), f"{where}.text"),
                                        reader.source(raw, where), _words(reader, raw, f"{where}.keywords")))
        topics[str(topic)] = tuple(statements)
    return topics


def _words(reader: _Reader, data: Any, where: str) -> tuple[str, ...]:
    """An optional list of words or phrases (keywords, cues); anything else is a named problem."""
    key = where.rsplit(".", 1)[-1]
    raw = data.get(key) if isinstance(data, dict) else None
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(w, str | int) and str(w).strip() for w in raw):
        reader.fail(where, "expected a list of words or phrases")
        return ()
    return tuple(str(w) for w in raw)


def _cues(reader: _Reader, data: Any) -> Cues:
    raw = data.get("cues") if isinstance(data, dict) else None
    if raw is None:
        return Cues()
    if not isinstance(raw, dict) or set(raw) - {"owner", "hints", "likely"}:
        reader.fail("cues", "expected {owner: [...], hints: [...], likely: [...]}")
        return Cues()
    return Cues(_words(reader, raw, "cues.owner"), _words(reader, raw, "cues.hints"),
                _words(reader, raw, "cues.likely"))


def _headline(reader: _Reader, data: Any) -> Source | None:
    """The document's own title ({seed, quote}), optional."""
    raw = data.get("headline") if isinstance(data, dict) else None
    if raw is None:
        return None
    return Source(reader.text(raw, "headline", "seed"), reader.text(raw, "headline", "quote"))


def _dated(reader: _Reader, data: Any, where: str) -> DatedFact | None:
    if data is None:
        return None
    return DatedFact(reader.day(data, where, "date") or date.min, reader.source(data, where))


def load_programme(path: Path, facts: FactBook, problems: list[Problem]) -> Programme | None:
    """Read one programme file, recording every problem; None when the file is unusable."""
    reader = _Reader(path, problems)
    data = reader.data
    if not isinstance(data, dict):
        if data is not None:
            reader.fail("", "expected a mapping of fields")
        return None
    pid = reader.text(data, "", "id")
    if pid and pid != path.stem:
        reader.fail("id", f"'{pid}' must match the file name '{path.stem}'")
    kind = reader.text(data, "", "kind")
    if kind and kind not in PROGRAMME_KINDS:
        reader.fail("kind", f"'{kind}' is not one of {', '.join(PROGRAMME_KINDS)}")
    open_call = data.get("open_call")
    if not isinstance(open_call, bool):
        reader.fail("open_call", "expected true or false")
    currency = reader.text(data, "", "currency")
    name = data.get("name") or {}
    owner = data.get("owner") or {}
    season_raw = data.get("season")
    project_raw = data.get("project_period")
    programme = Programme(
        id=pid,
        path=path,
        seed=reader.text(data, "", "seed"),
        open_call=bool(open_call),
        kind=kind,
        country=reader.text(data, "", "country"),
        currency=currency,
        name=reader.localized(name, "name"),
        name_source=reader.source(name, "name"),
        short_name=reader.localized(reader.get(data, "", "short_name"), "short_name"),
        aliases=tuple(str(a) for a in data.get("aliases") or []),
        owner=reader.localized(reader.get(owner, "owner", "name"), "owner.name"),
        owner_source=reader.source(owner, "owner"),
        cues=_cues(reader, data),
        funding=_funding(reader, data.get("funding"), currency, facts),
        periods=_periods(reader, data.get("periods")),
        criteria=_criteria(reader, data.get("criteria"), facts),
        topics=_topics(reader, data.get("topics")),
        contacts=tuple(
            Contact(
                name=reader.text(c, f"contacts[{i}]", "name"),
                role=reader.localized(reader.get(c, f"contacts[{i}]", "role"), f"contacts[{i}].role"),
                phone=reader.text(c, f"contacts[{i}]", "phone"),
                source=reader.source(c, f"contacts[{i}]"),
            )
            for i, c in enumerate(data.get("contacts") or [])
        ),
        related=tuple(str(r) for r in data.get("related") or []),
        silent_on=_silent_on(reader, data, path.parent.parent / "details.yml"),
        headline=_headline(reader, data),
        season=None if season_raw is None else Season(
            label=reader.text(season_raw, "season", "label"),
            year=reader.number(season_raw, "season", "year"),
            text=reader.localized(reader.get(season_raw, "season", "text"), "season.text"),
            source=reader.source(season_raw, "season"),
            ends=reader.day(season_raw, "season", "ends") if "ends" in season_raw else None,
        ),
        last_changed=_dated(reader, data.get("last_changed"), "last_changed"),
        published=_dated(reader, data.get("published"), "published"),
        project_period=None if project_raw is None else ProjectPeriod(
            start=reader.day(project_raw, "project_period", "start") or date.min,
            end=reader.day(project_raw, "project_period", "end") or date.min,
            source=reader.source(project_raw, "project_period"),
        ),
    )
    if programme.open_call and not programme.criteria:
        reader.fail("criteria", "an open call needs at least one criterion")
    for field_name, source in programme.sources():
        if source.seed and programme.seed and source.seed != programme.seed:
            reader.fail(f"{field_name}.source.seed", f"'{source.seed}' differs from the file's seed '{programme.seed}'")
    return programme


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace (incl. no-break spaces and newlines) to one space."""
    return re.sub(r"\s+", " ", text).strip()


def check_quotes(programme: Programme, seeds: Path, problems: list[Problem], lines: Mapping[str, int]) -> None:
    """Record every source whose quote is not found verbatim in its seed document."""
    cache: dict[str, str | None] = {}
    for field_name, source in programme.sources():
        if not source.seed:
            continue
        if source.seed not in cache:
            path = seeds / source.seed
            cache[source.seed] = normalise_whitespace(path.read_text(encoding="utf-8")) if path.is_file() else None
        seed_text = cache[source.seed]
        line = lines.get(f"{field_name}.source.quote") or lines.get(field_name)
        if seed_text is None:
            problems.append(Problem(programme.path, line, f"{field_name}.source.seed",
                                    f"seed '{source.seed}' not found in {seeds}"))
        elif not source.quote or normalise_whitespace(source.quote) not in seed_text:
            problems.append(Problem(programme.path, line, f"{field_name}.source.quote",
                                    f"not found verbatim in {source.seed}: \"{source.quote[:80]}\""))


@dataclass
class ValidationReport:
    """What `assistant validate` found: the catalogue (if usable), problems, and whether quotes were checked."""

    catalogue: Catalogue | None
    problems: list[Problem] = field(default_factory=list)
    seeds: Path | None = None
    quotes_checked: int = 0


def validate(programmes: Path | None = None, seeds: Path | None = None, facts_path: Path | None = None,
             check_seeds: bool = True) -> ValidationReport:
    """Load everything and collect every problem, checking quotes against `seeds` when available."""
    programmes = programmes or config.programmes_dir()
    problems: list[Problem] = []
    facts = load_facts(facts_path, problems)
    seeds = seeds if seeds is not None else (config.seeds_dir() if check_seeds else None)
    loaded: dict[str, Programme] = {}
    parsed_ids: set[str] = set()
    files = sorted(programmes.glob("*.yml"))
    if not files:
        problems.append(Problem(programmes, None, "(folder)", "no programme files (*.yml) found"))
    quotes = 0
    for path in files:
        before = len(problems)
        programme = load_programme(path, facts, problems)
        if programme is None:
            continue
        if programme.id in parsed_ids:
            problems.append(Problem(path, None, "id", f"duplicate programme id '{programme.id}'"))
        if seeds is not None:
            node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_TextDatesLoader)
            lines = _line_index(node) if node is not None else {}
            check_quotes(programme, seeds, problems, lines)
            quotes += sum(1 for _ in programme.sources())
        parsed_ids.add(programme.id)
        if len(problems) == before:
            loaded[programme.id] = programme
    for programme in loaded.values():
        for rid in programme.related:
            if rid not in parsed_ids:
                problems.append(Problem(programme.path, None, "related", f"unknown programme '{rid}'"))
    catalogue = Catalogue(loaded, facts) if not problems else None
    return ValidationReport(catalogue, problems, seeds, quotes)


@lru_cache(maxsize=4)
def _load_cached(programmes: str, facts_path: str) -> Catalogue:
    report = validate(Path(programmes), facts_path=Path(facts_path), check_seeds=False)
    if report.problems or report.catalogue is None:
        raise CatalogueError(report.problems)
    return report.catalogue


def load(programmes: Path | None = None, facts_path: Path | None = None) -> Catalogue:
    """The catalogue, loaded once per process; raises CatalogueError naming file and field when broken.

    Quotes are checked by `assistant validate` (and in tests); at run time the seeds need not be present.
    """
    programmes = programmes or config.programmes_dir()
    facts_path = facts_path or config.data_dir() / "applicant_facts.yml"
    return _load_cached(str(programmes), str(facts_path))
