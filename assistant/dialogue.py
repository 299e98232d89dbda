"""One turn of a conversation: what the user means, given what was said before, and what to answer.

Plain Python, no Rasa. Rasa's NLU supplies the intent (for the whole message and for each clause) and the
language; everything else is read here from the text and the catalogue: which programme is meant
(assistant.naming), which facts the applicant states (assistant.statements), which fact a question asks for
(assistant.knowledge). The conversation's memory is a `State` the action keeps in slots.

Rules a user can rely on:
- a question about a programme is answered about the programme it names, else the one in focus, else the
  page's; when two programmes really fit, the assistant asks which and then answers the question it was asked;
- facts stated anywhere are applied at once: they can decide a verdict, change one already given, or be
  corrected in free text ("no wait, we have not started");
- during the eligibility check a question is answered and the check goes on; an answer that says nothing the
  check needs is met with "I didn't get that" and the question again;
- starting over needs an explicit request and a "yes"; a programme we do not know is said to be unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from assistant import answers, knowledge, texts
from assistant.catalogue import Catalogue, Criterion, Programme
from assistant.deadlines import deadline_report
from assistant.facts import FactValue, parse_boolean
from assistant.language import Detection, decide, without_requests
from assistant.localized import LANGUAGES, Lang, as_lang
from assistant.naming import IDENTIFIES, Naming, merged_spans, owner_genitive_spans, resolve
from assistant.replies import (
    INTENT_TOPICS,
    PROGRAMME_QUESTIONS,
    Button,
    ChatContext,
    Reply,
    ask_fact,
    contacts_everywhere,
    fact_items,
    find_programmes,
    menu_buttons,
    not_understood,
    noted,
    payload,
    programme_list,
    verdict_reply,
)
from assistant.rules import evaluate, next_question
from assistant.statements import changed, sentence_at, stated_facts, yes_no_belongs_to
from assistant.texts import raw as texts_raw
from assistant.texts import t
from assistant.understanding import CHOICE_ENTITIES, answer_to, choice_entities

# Questions only a call can answer with "yes you can": for anything else a non-call is described instead.
CALL_ONLY = ("ask_eligibility", "ask_who_can_apply", "ask_application")
# Questions only a call answers (a press release or a finished project has no amount, deadline or rules).
CALL_QUESTIONS = (*CALL_ONLY, "ask_amount", "ask_deadline", "ask_costs", "ask_duration", "ask_decision",
                  "ask_assessment", "ask_reporting", "ask_payout", "ask_ownership")
QUESTIONS = (*PROGRAMME_QUESTIONS, "ask_eligibility")
# Intents that say little on their own: another clause of the same message may say what is wanted.
_SOCIAL = ("goodbye", "thank", "greet")  # closing or greeting: never a long question read with low confidence
WEAK = ("greet", "thank", "affirm", "deny", "inform", "switch_language", "out_of_scope", "nlu_fallback", None)
CLAUSE_CONFIDENCE = 0.5
# What the applicant's amounts hang on: said alone, they re-answer the amount question; they fit every call.
_MONEY_FACTS = frozenset({"eligible_costs", "requested_amount", "company_party_costs", "company_size"})
_STRONG_MATCH = 5.0  # a question's words match one fact this well: it asks about that fact
# "sorry, I meant ...": the writer corrects what they just wrote.
# "går den att söka nu?", "can we still apply?": whether the call is open today, before its dates
_NOW_ASKED = re.compile(r"\b(nu|now|stadig|fortfarande|still|endnu|ännu|currently|i dag|idag|today)\b.*"
                        r"\b(søge|søges|soge|söka|sökas|apply|submit|ansøge|ansöka|åben|åbent|öppen|öppet|open|"
                        r"indsende|skicka)|\b(søge|søges|söka|sökas|apply|submit|åben|öppen|open)\w*\b.*"
                        r"\b(nu|now|stadig|fortfarande|still|endnu|ännu|currently|i dag|idag|today)\b",
                        re.IGNORECASE)
# "What are the requirements?", "vad krävs för att söka?": the call's requirements as a list.
_REQUIREMENTS_ASKED = re.compile(
    r"\b(hvilke (?:krav|betingelser)|hvad er (?:kravene|betingelserne)|hvad kræves|hvad kræver det|"
    r"hvad skal der til|vilka (?:krav|villkor|förutsättningar)|vad är (?:kraven|villkoren)|vad krävs|"
    r"vad behövs för att|behörig att söka|what are the (?:requirements|conditions)|which requirements|"
    r"what(?: is|'s) required|what do (?:i|we) need to (?:do|meet|fulfil)|eligibility (?:criteria|requirements)|"
    r"requirements (?:to|for) apply)", re.IGNORECASE)
_CORRECTION = re.compile(r"\b(jeg mente|jag menade|i meant|i mean|undskyld|förlåt|forlåt|sorry|oops|ups|hov|rettelse|"
                         r"rättelse|correction|skulle have været|skulle ha varit|should have been|should be)\b")


def _asking_sentence(text: str) -> str:
    """The sentence of a message that asks ("Vi är ett litet företag. Vilken stödnivå får vi?" -> the second)."""
    return sentence_at(text, text.rindex("?")).strip() if "?" in text else text


# "which programmes do you know?": asks for the list, not for help in general
_PROGRAMMES_WORD = re.compile(r"\b(programs?|programmes?|programmer|programmen|programmet|puljer|fonder|funds|calls|"
                              r"utlysningar|opslag|ordninger)\b")


# A message that asks something: a question mark, or a question word first.
_QUESTION = re.compile(r"\?|^\s*(hvad|hvem|hvor|hvornår|hvordan|hvilke|hvilken|hvorfor|skal|må|kan|er|har|vad|vem|var|"
                       r"när|hur|vilka|vilken|varför|ska|får|måste|finns|what|who|where|when|how|which|why|can|may|"
                       r"must|do|does|is|are|should)\b")
# "nej, jeg mente Vinnovas": the writer corrects which programme they meant.
_MEANT = re.compile(r"\b(mente|menade|meant|mener|menar|mean|tænkte på|tänkte på|was thinking of|i stedet|i stället|"
                    r"istället|instead|snarere|rather)\b")
# Words that ask whether one may apply; an "eligibility" question without them may ask about one fact.
_APPLY_WORDS = re.compile(r"(søg|sog|söka|soka|sök|ansøg|ansög|apply|applica|applying|eligib|berettig|qualif|kvalific|"
                          r"behörig|behorig|stötteberättig|komme i betragtning|komma ifråga|komma i fråga|deltage|"
                          r"delta|participat|være med|vara med|take part|koordinator|coordinator|funding|få pengar|"
                          r"få penge|get money|få støtte|få stöd|få midler|få medel|count|enough|räcker|rækker|"
                          r"\bwork\b|funkar|fungerer|fungerar|\blead|\bleda|\blede)")
# The applicant asking about their own eligibility ("am I eligible?", "kan vi så søge?"), not about a rule.
_OWN_ELIGIBILITY = re.compile(r"\b(am i|are we|er jeg|er vi|är jag|är vi)\b.{0,30}\b(eligible|berettiget|berettigede|"
                              r"behörig|behöriga|kvalificeret|kvalificerade|qualified)\b|"
                              r"\b(can|kan|may|må|får)\s+(i|we|jeg|vi|jag)\s+(then\s+|so\s+|så\s+|da\s+|nu\s+|"
                              r"still\s+|stadig\s+|ändå\s+)?(apply|søge|söka|ansøge|ansöka)\b|"
                              r"\b(opfylder|uppfyller)\s+(jeg|vi|jag)\b|\bdo (i|we) (qualify|meet)\b")
_AGAIN = re.compile(r"\b(igen|again|en gång till|once more|endnu en gang)\b")  # applying again is a rule question
_EITHER = re.compile(r"\b(eller|or|alternativt|alternatively)\b")
_WHICH = re.compile(r"\b(hvilke|hvilken|vilka|vilken|which|what|hvad|vad|andre|andra|other|else|mere|mer)\b")
# Words that point back at the programme just talked about ("derfra"), whatever hints the rest of the message has.
_BACK_REFERENCE = re.compile(r"\b(derfra|därifrån|därfrån|herfra|härifrån|from there|from it|from them|fra dem|"
                             r"från dem|fra den|från den)\b")
_INSTEAD = re.compile(r"\b(i stället|istället|i stedet|instead|i stedet for)\b")
_SAME = re.compile(r"\b(same question|the same for|same for|same thing for|same in|same at|same with|same there|"
                   r"samme spørgsmål|det samme for|det samme i|samme i|samme hos|samme med|samma fråga|samma sak för|"
                   r"detsamma för|likadant för|samma i|samma hos|samma med|likadant i|likadant hos)\b")
# Openings of a follow-up that turns to another programme: "hvad med ...", "och den ...", "what about ...".
_SWITCH_MARKERS = ("hvad med", "hvad så med", "hvordan med", "og den", "og det", "og så", "vad gäller",
                   "hur är det med", "och den", "och det", "vad med", "hur blir det med", "what about", "how about",
                   "and the", "and for", "same for", "samme for", "samma för", "same question", "samme spørgsmål",
                   "samma fråga",
                   "back to", "tilbage til", "tillbaka till", "den danske", "den svenske", "den danska", "den svenska",
                   "the danish", "the swedish", "og i", "och i", "and in", "hur ser det ut", "hvordan ser det ud",
                   "hvordan er det", "how does it look", "how is it", "what's it like", "er det det samme",
                   "är det samma", "is it the same")


@dataclass(frozen=True)
class Clause:
    """One clause of a message and the intent the classifier gives it."""

    text: str
    intent: str
    confidence: float


@dataclass(frozen=True)
class Turn:
    """One user message as the NLU read it."""

    text: str
    intent: str | None = None
    confidence: float = 0.0
    clauses: tuple[Clause, ...] = ()
    detection: Detection | None = None
    page_language: str | None = None
    page_programme: str | None = None
    given: Mapping[str, Any] = field(default_factory=dict)  # entities of a button's payload

    @property
    def is_button(self) -> bool:
        """A button click (its text is a Rasa payload such as /affirm)."""
        return self.text.startswith("/")


@dataclass(frozen=True)
class State:
    """What the conversation remembers between turns."""

    language: Lang | None = None
    explicit: bool = False
    programme: str | None = None  # in focus
    facts: Mapping[str, FactValue] = field(default_factory=dict)
    check: str | None = None  # the programme whose eligibility is being checked
    asked: str | None = None  # the fact last asked for in the check
    pending: str | None = None  # a question waiting for "which programme?"
    pending_text: str = ""
    verdict_for: str | None = None
    confirm: str | None = None  # "start_over" waits for a yes
    page_programme: str | None = None
    offer: str | None = None  # what a plain "yes" accepts ("ask_eligibility"); "assumed": a name was guessed
    last_act: str | None = None  # the last question answered, for "and what about X?"
    last_question: str = ""

    def as_dict(self) -> dict[str, Any]:
        """For the `dialogue` slot."""
        return {"language": self.language, "explicit": self.explicit, "programme": self.programme,
                "facts": dict(self.facts), "check": self.check, "asked": self.asked, "pending": self.pending,
                "pending_text": self.pending_text, "verdict_for": self.verdict_for, "confirm": self.confirm,
                "page_programme": self.page_programme, "offer": self.offer, "last_act": self.last_act,
                "last_question": self.last_question}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None, catalogue: Catalogue) -> State:
        """From the `dialogue` slot; unknown programme ids (a file removed since) are dropped."""
        data = data or {}
        known = catalogue.programmes

        def programme(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) and value in known else None

        facts = data.get("facts") if isinstance(data.get("facts"), dict) else {}
        language = data.get("language")
        return cls(language=language if language in LANGUAGES else None, explicit=bool(data.get("explicit")),
                   programme=programme("programme"), facts=dict(facts or {}), check=programme("check"),
                   asked=data.get("asked") if isinstance(data.get("asked"), str) else None,
                   pending=data.get("pending") if isinstance(data.get("pending"), str) else None,
                   pending_text=str(data.get("pending_text") or ""), verdict_for=programme("verdict_for"),
                   confirm=data.get("confirm") if data.get("confirm") == "start_over" else None,
                   page_programme=programme("page_programme"),
                   offer=data.get("offer") if isinstance(data.get("offer"), str) else None,
                   last_act=data.get("last_act") if isinstance(data.get("last_act"), str) else None,
                   last_question=str(data.get("last_question") or ""))


@dataclass(frozen=True)
class Insight:
    """What a turn was about and how it ended, for staff insights; filled alongside the replies, never changes one."""

    programme: str | None = None  # the programme the turn was about
    question: str | None = None  # the kind of question answered (ask_deadline, ask_contact, ...)
    verdict: str | None = None  # eligible / not_eligible / unknown, when a verdict was given
    deciding: str | None = None  # for a "no": the criterion that failed (or the limit the plan exceeds)
    gaps: tuple[str, ...] = ()  # topics the programme's text says nothing about, answered as such
    not_understood: str | None = None  # the fact the check asked for when the answer was not understood
    unknown: str | None = None  # a programme named that the catalogue does not cover (its listed name)


@dataclass
class Outcome:
    """The replies to one turn, the new state, and what kind of answer it was (for logs and insights)."""

    replies: list[Reply]
    state: State
    act: str
    delete: bool = False
    insight: Insight = field(default_factory=Insight)


@dataclass
class _Target:
    """The programme(s) a question is about, or why there is none."""

    programmes: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    unknown: str | None = None


class Dialogue:
    """Turns user messages into replies for one conversation state."""

    def __init__(self, catalogue: Catalogue, today: date) -> None:
        self.catalogue = catalogue
        self.today = today
        self._last_text = ""
        self._intent: str | None = None
        self._confidence = 0.0
        self._seen: dict[str, Any] = {}  # what this turn was about, gathered for its Insight

    # ------------------------------------------------------------ entry point

    def respond(self, turn: Turn, state: State) -> Outcome:
        """The replies to one message and the state after it."""
        self._last_text = "" if turn.is_button else turn.text
        self._intent, self._confidence = turn.intent, turn.confidence
        self._seen = {"gaps": []}
        page_lang = as_lang(turn.page_language) if turn.page_language else None
        chosen = decide(turn.detection, state.language, state.explicit, page_lang)
        switched = chosen.explicit and turn.detection is not None and turn.detection.explicit is not None
        state = replace(state, language=chosen.language, explicit=chosen.explicit)
        if turn.page_programme in self.catalogue.programmes and turn.page_programme != state.page_programme:
            state = replace(state, page_programme=turn.page_programme,
                            programme=state.programme or turn.page_programme)
        prefix = [Reply(t(chosen.language, "chat.language_switched"))] if switched else []
        outcome = self._respond(turn, state, switched)
        outcome.replies = prefix + outcome.replies
        outcome.insight = self._insight(outcome)
        return outcome

    def _insight(self, outcome: Outcome) -> Insight:
        """What the turn was about, from what its acts noted (the check's programme for a check's turn)."""
        seen = self._seen
        programme = seen.get("programme")
        if programme is None and (outcome.act == "ask_fact" or outcome.act.startswith("verdict_")):
            programme = outcome.state.check or outcome.state.verdict_for
        return Insight(programme=programme, question=seen.get("question"), verdict=seen.get("verdict"),
                       deciding=seen.get("deciding"), gaps=tuple(dict.fromkeys(seen["gaps"])),
                       not_understood=seen.get("not_understood"), unknown=seen.get("unknown"))

    def _note_verdict(self, programme_id: str, facts: Mapping[str, FactValue]) -> str:
        """The verdict just given (for insights): its status and, for a "no", the criterion that decided it."""
        verdict = evaluate(self.catalogue.programmes[programme_id], facts, self.today)
        deciding = [r.criterion for r in (*verdict.failed, *verdict.to_fix)] if verdict.status == "not_eligible" else []
        self._seen.update(programme=programme_id, verdict=verdict.status, deciding=deciding[0] if deciding else None)
        return verdict.status

    def _note_question(self, act: str, programme_id: str | None) -> None:
        """The kind of question this turn answered, and about which programme (the first one asked about)."""
        self._seen.setdefault("question", act)
        if programme_id is not None:
            self._seen.setdefault("programme", programme_id)

    def _respond(self, turn: Turn, state: State, switched: bool) -> Outcome:
        intent = turn.intent
        if state.confirm == "start_over":
            state = replace(state, confirm=None)
            yes = intent == "affirm" or (intent not in QUESTIONS and parse_boolean(turn.text) is True)
            if yes:
                return self._start_over(state)
            if intent == "deny" or parse_boolean(turn.text) is False:
                return self._kept(state)
        if intent == "delete_conversation":
            fresh = State(language=state.language, explicit=state.explicit)
            return Outcome([Reply(t(self._lang(state), "chat.deleted"))], fresh, "delete", delete=True)
        if intent == "start_over" and not turn.is_button:
            return self._confirm_start_over(state)
        if intent == "start_over":
            return self._start_over(state)
        intent, text = self._main_act(turn)
        if switched and intent == "switch_language":
            rest = [c for c in turn.clauses if c.intent not in ("switch_language", "thank", "greet")
                    and c.confidence >= 0.2 and c.intent in (*QUESTIONS, "list_programmes", "find_programme")]
            if rest:
                intent = rest[0].intent  # "svar på svensk – skal min chef godkende?"
            elif "?" in without_requests(turn.text) and len(re.findall(r"\w+", without_requests(turn.text))) >= 4:
                intent = "ask_programme_info"
        if switched and intent in ("switch_language", None, "nlu_fallback", "out_of_scope", "inform", "affirm", "deny"):
            if state.check and state.asked:
                return self._ask_next(state, [])
            return Outcome([], state, "language")
        if state.check:
            return self._in_check(turn, state, intent, text)
        naming = self._naming(turn)
        if state.pending and intent not in ("goodbye", "thank", "greet", "help", "list_programmes"):
            pending = self._answers_pending(turn, state, naming, intent)
            if pending is not None:
                intent, text = pending
        state = replace(state, pending=None, pending_text="")
        if state.programme and not naming.name_spans and _BACK_REFERENCE.search(turn.text.lower()):
            naming = Naming(state.programme, (state.programme,), naming.mentions)  # "kan man søge penge derfra?"
        follow = self._follow_up(turn, state, naming, intent)
        if follow is not None:
            intent, text, other = follow
            naming = Naming(other, (other,), naming.mentions)  # the programme the follow-up turns to
        return self._act(intent, text, turn, state, naming)

    def _follow_up(self, turn: Turn, state: State, naming: Naming,
                   intent: str | None) -> tuple[str, str, str] | None:
        """"And what about the Stockholm fund?" asks the last question again, about another programme."""
        if not state.last_act or turn.is_button:
            return None
        words = len(re.findall(r"\w+", turn.text))
        other = naming.meant or (naming.candidates[0] if len(naming.candidates) == 1 else None)
        if other is None and naming.candidates:  # "vinnovas": the call, when the question is about a call
            calls = [p for p in naming.candidates if self.catalogue.programmes[p].open_call]
            other = calls[0] if len(calls) == 1 and state.last_act in CALL_QUESTIONS else None
        if other is None and words <= 6 and naming.mentions and not naming.unknown \
                and (len(naming.mentions) == 1 or naming.mentions[0].score > naming.mentions[1].score):
            other = naming.mentions[0].programme  # "and the danish one?": one hint is enough in a short follow-up
        if other is not None and other == state.programme and state.offer == "assumed" and words <= 4:
            return state.last_act, state.last_question or turn.text, other  # "Stockholm" to "or did you mean …?"
        if other is None or other == state.programme:
            return None
        if _SAME.search(turn.text.lower()):
            return state.last_act, state.last_question or turn.text, other  # "same question for Vinnova's one?"
        own_question = intent in QUESTIONS and intent != state.last_act and turn.confidence >= 0.6
        if self._switches(turn.text) and words <= 8 and not own_question:  # not "back to X: must my boss …?"
            return state.last_act, state.last_question or turn.text, other  # "og hvad med den svenske …?"
        elliptic = words <= 8 and (intent in WEAK or intent == "ask_programme_info" or intent == state.last_act)
        elliptic = elliptic or (words <= 5 and turn.confidence < 0.7)  # "Og i Stockholm-fonden?"
        if not (elliptic or self._switches(turn.text) or _INSTEAD.search(turn.text.lower())):
            return None
        if intent in QUESTIONS and intent not in (state.last_act, "ask_programme_info") and words > 4:
            return None  # a new question of its own
        return state.last_act, state.last_question or turn.text, other

    # ------------------------------------------------------------ reading the turn

    def _lang(self, state: State) -> Lang:
        return state.language or "en"

    def _main_act(self, turn: Turn) -> tuple[str | None, str]:
        """The intent that says what is wanted: the message's own, or a clause's when the message's is weak."""
        if turn.intent in _SOCIAL and turn.confidence < 0.5 and "?" in turn.text \
                and len(re.findall(r"\w+", turn.text)) >= 6:
            turn = replace(turn, intent="nlu_fallback")  # "Hvad var det nu for et beløb, jeg skrev?" is no goodbye
        if turn.intent in WEAK:
            strong = [c for c in turn.clauses if c.intent in (*QUESTIONS, "list_programmes", "find_programme",
                                                              "delete_conversation")
                      and c.confidence >= CLAUSE_CONFIDENCE
                      and not (turn.intent == "inform" and c.intent == "ask_programme_info")]
            if strong:
                return strong[0].intent, turn.text
        return turn.intent, turn.text

    def _question_clauses(self, turn: Turn) -> list[Clause]:
        """Clauses that ask something about a programme (for answers that also ask)."""
        return [c for c in turn.clauses if c.intent in PROGRAMME_QUESTIONS and c.confidence >= CLAUSE_CONFIDENCE]

    def _naming(self, turn: Turn) -> Naming:
        given = turn.given.get("programme")
        if isinstance(given, str) and given in self.catalogue.programmes:
            return Naming(given, (given,), ())
        if turn.is_button:
            return Naming(None, (), ())
        return resolve(self.catalogue, without_requests(turn.text))

    def _given_facts(self, turn: Turn) -> dict[str, FactValue]:
        facts: dict[str, FactValue] = {}
        for key, value in turn.given.items():
            fact = self.catalogue.facts.facts.get(key)
            if fact is not None and value is not None:
                from assistant.facts import parse_value
                parsed = parse_value(fact, value)
                if parsed is not None:
                    facts[key] = parsed
        return facts

    def _stated(self, turn: Turn, asked: str | None = None,
                known: Mapping[str, FactValue] | None = None) -> dict[str, FactValue]:
        """Facts the message states about the applicant (programme names masked: "Starta" is not "started")."""
        if turn.is_button:
            return self._given_facts(turn)
        text = without_requests(turn.text)  # "svar på dansk" says nothing about a Danish organisation
        spans = {*resolve(self.catalogue, text).title_spans, *owner_genitive_spans(self.catalogue, text)}
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + " " * (end - start) + text[end:]
        return stated_facts(self.catalogue, text, asked, known or {})

    def _answers_pending(self, turn: Turn, state: State, naming: Naming,
                         intent: str | None) -> tuple[str, str] | None:
        """After "which programme?", a reply that names one continues the question that was asked."""
        if not (naming.meant or naming.candidates) or state.pending is None:
            return None
        short = len(re.findall(r"\w+", turn.text)) <= 6
        if intent in QUESTIONS and intent != state.pending and not short and intent != "ask_programme_info":
            return None  # a new question that also names a programme
        return state.pending, state.pending_text or turn.text

    # ------------------------------------------------------------ which programme

    def _switches(self, text: str) -> bool:
        """A short follow-up that turns to another programme ("og hvad med den danske?")."""
        folded = " " + " ".join(re.findall(r"\w+", text.lower())) + " "
        opening = " " + " ".join(folded.split()[:5]) + " "
        return any(f" {m} " in (folded if len(folded.split()) <= 8 else opening) for m in _SWITCH_MARKERS)

    def _only_programme_that_answers(self, act: str, text: str, state: State,
                                     among: Sequence[str] = ()) -> str | None:
        """With no programme named or in focus (or several that fit the name): the one programme whose facts
        clearly match the question ("the DIGG report Vinnova cites": only the press release cites it)."""
        best: list[tuple[float, str]] = []
        for programme in self.catalogue.programmes.values():
            if among and programme.id not in among:
                continue
            selection = knowledge.select(self.catalogue, programme, text, act, {}, self.today, self._lang(state))
            if selection.ranked:
                best.append((selection.ranked[0].lexical, programme.id))
        best.sort(reverse=True)
        if best and best[0][0] >= knowledge.CONFIDENT + 2 and (len(best) < 2 or best[0][0] >= 1.6 * best[1][0]):
            return best[0][1]
        return None

    def _retrieved_act(self, text: str, state: State, named: str | None = None) -> str | None:
        """The kind of question an unclassified question is, when its words clearly match one fact of the
        programme named or in focus (the classifier was unsure; the fact's keywords are not)."""
        programme_id = named or state.programme or state.page_programme
        if not _QUESTION.search(text.lower()):
            return None
        candidates = [programme_id] if programme_id else [p.id for p in self.catalogue.open_calls()]
        question, lang = self._without_names(text), self._lang(state)
        best: tuple[float, str] | None = None  # with no programme in focus: the kind of question, then "which?"
        for candidate in candidates:
            selection = knowledge.select(self.catalogue, self.catalogue.programmes[candidate], question, "",
                                         state.facts, self.today, lang, confidence=0.0)
            if selection.ranked and (best is None or selection.ranked[0].lexical > best[0]):
                best = (selection.ranked[0].lexical, selection.ranked[0].unit.family)
        if best is None or best[0] < knowledge.CONFIDENT + 2:
            return None
        family = best[1]
        return next((act for act, families in knowledge.INTENT_FAMILIES.items()
                     if family in families and act != "ask_eligibility"), None)

    def _target(self, act: str, naming: Naming, state: State, stated: Mapping[str, FactValue],
                text: str = "") -> _Target:
        if naming.unknown:
            return _Target(unknown=naming.unknown)
        strong = [m.programme for m in naming.mentions if m.score >= IDENTIFIES]
        weak = not strong
        hinted = {m.programme for m in naming.mentions}
        if weak and state.programme in hinted and state.programme != naming.meant and not self._switches(text):
            return _Target((state.programme,))  # "does the region own the result?" about the region in focus
        if naming.meant:
            return _Target((naming.meant,))
        if len(strong) >= 2 and act in PROGRAMME_QUESTIONS:
            only = self._only_programme_that_answers(act, self._without_names(text), state, strong) if text else None
            return _Target((only,) if only else tuple(strong[:2]))
        candidates = naming.candidates
        top = max((m.score for m in naming.mentions), default=0)
        if top < 2 and act in (*CALL_ONLY, "ask_amount", "inform"):
            implied_first = self._implied(stated)
            if implied_first:
                return _Target((implied_first,))  # "jeg er ansat i Region Hovedstaden, kan jeg søge?"
        if _EITHER.search(text.lower()) and len(hinted) >= 2:  # "Vinnova eller regionen?": two funders, ask which
            either = tuple(p for p, programme in self.catalogue.programmes.items()
                           if p in hinted and programme.open_call)
            if len(either) >= 2:
                return _Target(ambiguous=either)
        if not candidates and len(hinted) == 1 and self._switches(text):
            candidates = tuple(hinted)  # "and what about the Danish one?"
        unfocused = not (state.programme or state.page_programme or state.verdict_for)
        asking = self._only_call_asking(stated) if unfocused and act in (*CALL_ONLY, "inform") else None
        if asking and (not candidates or asking in candidates):
            return _Target((asking,))  # "får man söka om man bara jobbar 30 % i regionen?": one call asks that
        if candidates:
            if act in PROGRAMME_QUESTIONS and text:
                only = self._only_programme_that_answers(act, self._without_names(text), state, candidates)
                if only:
                    return _Target((only,))
            if act != "ask_programme_info":
                calls = [c for c in candidates if self.catalogue.programmes[c].open_call]
                if len(calls) == 1:
                    return _Target((calls[0],))
            for known in (state.programme, state.verdict_for, state.page_programme):
                if known in candidates:
                    return _Target((known,))
            return _Target(ambiguous=candidates)
        implied = self._implied(stated) if act in (*CALL_ONLY, "ask_amount", "inform") else None
        if implied:
            return _Target((implied,))
        if not (state.programme or state.page_programme) and act in PROGRAMME_QUESTIONS and text:
            only = self._only_programme_that_answers(act, text, state)
            if only:
                return _Target((only,))
        for known in (state.programme, state.page_programme):
            if known:
                return _Target((known,))
        return _Target()

    def _implied(self, facts: Mapping[str, FactValue]) -> str | None:
        """The one call the stated facts point at ("I work at Rigshospitalet" -> the Region H pool)."""
        fitting = []
        for programme in self.catalogue.open_calls():
            verdict = evaluate(programme, facts, self.today)
            passed = [r for r in verdict.reasons if r.outcome == "pass" and r.fact in ("employer", "organisation_type")]
            if passed and verdict.status != "not_eligible":
                fitting.append(programme.id)
        return fitting[0] if len(fitting) == 1 else None

    def _only_call_asking(self, facts: Mapping[str, FactValue]) -> str | None:
        """The one call whose criteria alone ask about a stated fact ("får man söka om man bara jobbar 30 %?":
        only Region Stockholm's fund asks how much one works); who one is and amounts fit several calls."""
        calls = self.catalogue.open_calls()
        used = {p.id: set(p.criterion_facts()) for p in calls}
        told = {f for f in facts if f in self.catalogue.facts.facts and not self.catalogue.facts.get(f).about_words
                and f not in CHOICE_ENTITIES and f not in _MONEY_FACTS}  # other calls speak of "already started"
        owners = {pid for pid, asked in used.items()
                  if any(f in asked and all(f not in other for o, other in used.items() if o != pid) for f in told)}
        return owners.pop() if len(owners) == 1 else None

    # ------------------------------------------------------------ acts

    def _act(self, intent: str | None, text: str, turn: Turn, state: State, naming: Naming) -> Outcome:
        lang = self._lang(state)
        stated = self._stated(turn, None, state.facts)
        facts = {**state.facts, **stated}
        news = changed(state.facts, facts)
        offered = state.offer
        state = replace(state, facts=facts, offer=None)
        if news and set(news) <= _MONEY_FACTS and state.last_act == "ask_amount" and intent not in QUESTIONS \
                and state.programme:  # "sorry, I meant 900 000 total": the amount question again, with it
            intent, text = "ask_amount", state.last_question or text
            naming = Naming(state.programme, (state.programme,), naming.mentions)
        elif not news and state.last_act and state.last_question and intent not in QUESTIONS \
                and not naming.named and _CORRECTION.search(text.lower()):
            # "förlåt, jag menade 60 %": the last question's answer again (its facts hold for any such number)
            intent, text = state.last_act, state.last_question
            naming = resolve(self.catalogue, text)
        elif offered == "ask_eligibility" and (intent == "affirm" or (news and intent not in QUESTIONS)):
            intent = "ask_eligibility"  # "shall I check?" answered with yes, or with facts for the check
        if naming.unknown and not naming.meant and intent not in ("greet", "thank", "goodbye", "help", "affirm",
                                                                  "deny", "delete_conversation"):
            return self._unknown(naming.unknown, state)  # never another programme's facts, whatever was asked
        if intent == "help" and not news and _PROGRAMMES_WORD.search(text.lower()):
            intent = "list_programmes"  # "vilka program kan du svara på frågor om?": name them
        if intent in ("greet", "thank", "goodbye", "help") and not news and not naming.named:
            key = {"greet": "chat.greet", "thank": "chat.thank", "goodbye": "chat.goodbye", "help": "chat.help"}[intent]
            buttons = menu_buttons(lang) if intent in ("greet", "help") else ()
            return Outcome([Reply(t(lang, key), buttons)], state, intent)
        if intent == "list_programmes" and not naming.meant:
            if naming.unknown:
                return self._unknown(naming.unknown, state)
            return Outcome([programme_list(self._ctx(state))], state, "list")
        if intent == "find_programme" and (naming.meant or (state.programme and not _WHICH.search(text.lower()))):
            intent = "ask_eligibility"  # "kan jag söka?" about the programme in focus, not "what can we apply for?"
        if intent == "find_programme" or (intent == "ask_eligibility" and not naming.named and not state.programme
                                          and news and not state.page_programme):
            return self._find(state, news)
        if intent not in (*QUESTIONS, "list_programmes") and "?" in text and _REQUIREMENTS_ASKED.search(text) \
                and (naming.meant or state.programme):
            intent = "ask_who_can_apply"  # "vad krävs för att vara behörig?" though the classifier was unsure
        if intent == "ask_eligibility" and turn.confidence < 0.8 and not news \
                and not _APPLY_WORDS.search(text.lower()):
            retrieved = self._retrieved_act(text, state, naming.meant)
            if retrieved is not None:  # "kan driftsudgifter komme med i budgettet?": a cost, not "can we apply?"
                intent = retrieved
        if intent in QUESTIONS or intent == "list_programmes":
            act = "ask_costs" if intent == "list_programmes" else intent
            return self._question(act, text, turn, state, naming, stated, news)
        if intent in ("affirm", "deny") and not news:
            return Outcome([Reply(t(lang, "chat.ask_anything"), menu_buttons(lang))], state, "menu")
        if news:
            amounts = set(news) & _MONEY_FACTS  # "our budget is 250 000 - is that within the limit?": the amount answer
            told = any(self.catalogue.facts.get(f).about_words for f in news)  # the call's word on it comes first
            asked = self._retrieved_act(_asking_sentence(text), state, naming.meant) \
                if "?" in text and not amounts and not told else None
            if asked is not None:  # "we're a small company. What aid level would we get?": the answer, not a check
                return self._question(asked, text, turn, state, naming, stated, news)
            return self._inform(turn, state, naming, news)
        if naming.unknown:
            return self._unknown(naming.unknown, state)
        if naming.meant or naming.candidates:
            return self._question("ask_programme_info", text, turn, state, naming, stated, news)
        retrieved = self._retrieved_act(text, state) if intent != "out_of_scope" else None
        if retrieved is not None:  # "skal min chef godkende det?" read as unsure: its words name one fact
            return self._question(retrieved, text, turn, state, naming, stated, news)
        key = "chat.out_of_scope" if intent == "out_of_scope" else "chat.fallback"
        return Outcome([Reply(t(lang, key), menu_buttons(lang))], state, "fallback")

    def _question(self, act: str, text: str, turn: Turn, state: State, naming: Naming,
                  stated: Mapping[str, FactValue], news: Mapping[str, FactValue]) -> Outcome:
        lang = self._lang(state)
        target = self._target(act, naming, state, stated, self._without_names(text))
        if target.unknown:
            return self._unknown(target.unknown, state)
        if target.ambiguous:
            return self._which(act, text, state, target.ambiguous)
        if not target.programmes:
            return self._no_programme(act, text, state, news)
        first = target.programmes[0]
        self._note_question(act, first)
        assumed = self._assumption(naming, first, state, act)  # after the answer, before a check's question
        replies: list[Reply] = []
        if news and act != "ask_eligibility":
            replies.append(noted(self._ctx(state, first), news))
        state = replace(state, programme=first)
        if act == "ask_eligibility":
            programme = self.catalogue.programmes[first]
            state = replace(state, last_act=act, last_question=text)
            if not programme.open_call:
                answer = self._not_a_call(programme, lang, asked_to_apply=True)
                return Outcome([*replies, *answer, *assumed], state, "not_a_call")
            if not news:
                rule = self._rule_asked_about(programme, text, state)
                if rule is not None:  # "must my boss sign before we apply?": the rule, then an offer to check
                    if _NOW_ASKED.search(text):  # "can we still apply?": no, if the last day has passed
                        replies += self._closed_now(programme, lang)
                    return Outcome([*replies, rule, *assumed, _offer_check(programme, lang)],
                                   replace(state, offer="ask_eligibility"), "answer")
            extra = [self._answer(c.intent, c.text, programme, state) for c in self._question_clauses(turn)
                     if c.intent in PROGRAMME_QUESTIONS][:1]
            kind = [] if extra or news else self._about_kind_of_applicant(programme, text, state)
            if _REQUIREMENTS_ASKED.search(text):  # "vad krävs för att söka?": every requirement, then the check
                kind = [self._requirements(programme, lang), *kind]
            outcome = self._start_check(state, first, news, noted_first=True)
            outcome.replies = [*outcome.replies[:-1], *extra, *outcome.replies[-1:]] if extra else outcome.replies
            outcome.replies = [*kind, *outcome.replies[:-1], *assumed, *outcome.replies[-1:]]  # "can companies
            # apply?": that answer first
            return outcome
        decided = self._decided_by(news, state, first)
        if decided is not None:  # "we have already started: can we still ...?" -> the verdict at once
            state = replace(state, verdict_for=first, check=None, asked=None)
            replies += verdict_reply(self._ctx(state, first))
            self._note_verdict(first, state.facts)
            if act in CALL_ONLY:
                return Outcome([*replies, *assumed], state, f"verdict_{decided}")
        asked = self._asked_clauses(turn, act, text)
        if act == "ask_who_can_apply" and not news and self.catalogue.programmes[first].open_call \
                and _REQUIREMENTS_ASKED.search(text) and not any(e.entity in CHOICE_ENTITIES
                            for e in choice_entities(self.catalogue, self._without_names(text))):
            programme = self.catalogue.programmes[first]  # "vilka krav gäller?": the list, then an offer to check
            return Outcome([*replies, self._requirements(programme, lang), *assumed, _offer_check(programme, lang)],
                           replace(state, offer="ask_eligibility", last_act=act, last_question=text), "answer")
        if act == "ask_who_can_apply" and not news and self.catalogue.programmes[first].open_call:
            ruled_out = self._about_kind_of_applicant(self.catalogue.programmes[first], text, state, True)
            if ruled_out:  # "kan en region vara koordinator?": no, in the call's words
                return Outcome([*replies, *ruled_out, *assumed], replace(state, last_act=act, last_question=text),
                               "answer")
        if act == "ask_deadline" and len(target.programmes) == 1 and _NOW_ASKED.search(text):
            replies += self._closed_now(self.catalogue.programmes[first], lang)  # "går den att söka nu?": no
        for pid in target.programmes:
            programme = self.catalogue.programmes[pid]
            if not programme.open_call and (act in CALL_ONLY or act == "ask_programme_info"):
                specific = knowledge.select(self.catalogue, programme, self._without_names(text), act,
                                            state.facts, self.today, lang).specific
                if act in CALL_ONLY or not specific:
                    replies += self._not_a_call(programme, lang)
                    continue
            for clause_act, clause_text in asked:
                replies.append(self._answer(clause_act, clause_text, programme, state))
        if state.verdict_for == first and news and decided is None:
            replies += verdict_reply(self._ctx(state, first))
            self._note_verdict(first, state.facts)
        return Outcome([*replies, *assumed], replace(state, last_act=act, last_question=asked[0][1],
                                                     offer="assumed" if assumed else None), "answer")

    def _assumption(self, naming: Naming, chosen: str, state: State, act: str) -> list[Reply]:
        """"Regionens pulje" fits more than one programme: say which one the answer is about, and name the
        others, so a wrong guess costs one short reply ("the Swedish one") instead of a wrong answer."""
        if chosen != naming.meant or chosen in (state.programme, state.page_programme):
            return []
        others = sorted(naming.alternatives, key=lambda p: not self.catalogue.programmes[p].open_call)
        if act in CALL_QUESTIONS:  # "when is the deadline for the AI pool?": only calls have one
            others = [p for p in others if self.catalogue.programmes[p].open_call]
        if not others:
            return []
        lang = self._lang(state)
        named = [self._name_with_owner(p, lang) for p in others[:2]]
        return [Reply(t(lang, "chat.assumed", meant=self._name_with_owner(chosen, lang),
                        others=str(texts_raw(lang, "chat.assumed_or")).join(named)))]

    def _name_with_owner(self, programme_id: str, lang: Lang) -> str:
        """"AI-puljen 2020 (Region Hovedstaden)": the short name, with its owner unless the name says it."""
        programme = self.catalogue.programmes[programme_id]
        short, owner = answers.name(programme, lang), programme.owner.get(lang).split(" (")[0]
        return short if owner.lower() in short.lower() else f"{short} ({owner})"

    def _asked_clauses(self, turn: Turn, act: str, text: str) -> list[tuple[str, str]]:
        """The questions a message asks: its main act with the clause that asks it, then up to one more
        ("hvad er fristen, og hvor meget kan man søge?")."""
        if text != turn.text:  # a repeated or pending question: its own text
            return [(act, text)]
        questions = self._question_clauses(turn)
        own = next((c.text for c in questions if c.intent == act), turn.text)
        more = [(c.intent, c.text) for c in questions if c.intent != act and c.intent in PROGRAMME_QUESTIONS]
        return [(act, own), *more[:1]]

    def _about_kind_of_applicant(self, programme: Programme, text: str, state: State,
                                 only_ruled_out: bool = False) -> list[Reply]:
        """"Kan foreninger søge?" names a kind of applicant in general, not as one's own: what the call says of
        that kind (why it cannot coordinate, in the call's words; or who can apply), before the check asks."""
        asked = set(programme.criterion_facts())
        kinds = [e for e in choice_entities(self.catalogue, self._without_names(text)) if e.entity in asked]
        if not kinds:
            return []
        lang = self._lang(state)
        hypothetical = evaluate(programme, {kinds[0].entity: kinds[0].value}, self.today)
        failed = [r for r in hypothetical.reasons if r.fact == kinds[0].entity and r.outcome == "fail"]
        if failed and kinds[0].entity not in ("organisation_type", "employer"):  # "into Danish" is no applicant
            return [Reply("\n".join([*answers.reason_lines(failed[0], lang), answers.source_line(programme, lang)]))]
        if failed:  # "kan en region være koordinator?": no, and why, in the call's words
            choice = self.catalogue.facts.get(kinds[0].entity).choices.get(str(kinds[0].value))
            kind = choice.label.get(lang) if choice is not None else kinds[0].text
            if lang == "en":
                kind = f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}" if not kind.startswith(("a ", "an ")) \
                    else kind
            headline = t(lang, "verdict.not_eligible_kind", kind=kind, programme=answers.name(programme, lang))
            return [Reply("\n".join([headline, *answers.reason_lines(failed[0], lang),
                                      answers.source_line(programme, lang)]))]
        return [] if only_ruled_out else [self._answer("ask_who_can_apply", text, programme, state)]

    def _requirements(self, programme: Programme, lang: Lang) -> Reply:
        """Every requirement the call states of an applicant, in its own words, as one list."""
        rules = [c.fails.get(lang) for c in programme.criteria if c.kind == "required" and c.applies is None]
        lines = [t(lang, "chat.requirements", programme=answers.name(programme, lang)),
                 *(f"• {rule}" for rule in dict.fromkeys(rules))]
        return Reply("\n".join([*lines, answers.source_line(programme, lang)]))

    def _rule_asked_about(self, programme: Programme, text: str, state: State) -> Reply | None:
        """A "can we / must we" question about one rule of the call, answered with that rule (not the whole check)."""
        lang = self._lang(state)
        selection = knowledge.select(self.catalogue, programme, self._without_names(text), "ask_eligibility",
                                     state.facts, self.today, lang)
        if not selection.specific or selection.ranked[0].lexical < _STRONG_MATCH:
            return None
        lines = [line for part in selection.parts for line in part.lines]
        return Reply("\n".join([*lines, answers.source_line(programme, lang)]))

    def _closed_now(self, programme: Programme, lang: Lang) -> list[Reply]:
        """"No, not now" above the dates, when the call's last day to apply has passed."""
        report = deadline_report(programme, self.today)
        if not programme.open_call or report.state != "closed" or not report.closed_since:
            return []
        return [Reply(t(lang, "verdict.not_eligible_now", programme=answers.name(programme, lang),
                        date=texts.day(report.closed_since, lang)))]

    def _decided_by(self, news: Mapping[str, FactValue], state: State, programme_id: str) -> str | None:
        """The verdict, when facts just stated settle it for this call (a fact that rules out, or the last one)."""
        programme = self.catalogue.programmes[programme_id]
        if not news or not programme.open_call:
            return None
        if not set(news) & set(programme.criterion_facts()):
            return None
        status = evaluate(programme, state.facts, self.today).status
        return status if status != "unknown" else None

    def _answer(self, act: str, text: str, programme: Programme, state: State) -> Reply:
        """The facts a question asks for, best match first; the whole answer when no fact stands out."""
        lang = self._lang(state)
        ctx = self._ctx(state, programme.id)
        money = any(k in state.facts for k in ("eligible_costs", "requested_amount"))
        question = self._without_names(text)
        confidence = self._confidence if act == self._intent else 0.5
        selection = knowledge.select(self.catalogue, programme, question, act, state.facts, self.today, lang,
                                     confidence=confidence)
        if not selection.specific and self._last_text and text != self._last_text and text in self._last_text:
            # "Blir ansökan offentlig? Den innehåller känsliga uppgifter.": the rest of the message says which fact
            in_full = knowledge.select(self.catalogue, programme, self._without_names(self._last_text), act,
                                       state.facts, self.today, lang, confidence=confidence)
            if in_full.specific and in_full.ranked[0].lexical >= knowledge.STRONG:
                selection = in_full
        aid = programme.funding.aid_levels
        if aid is not None and aid.fact in state.facts and selection.specific \
                and any(r.unit.id in ("funding.max_share_of_eligible_costs", "funding.aid_levels")
                        for r in selection.ranked[:2]):
            # "we're a small company: what percentage can we get?" is the aid level for that size
            own = next(p for p in knowledge.parts(programme, state.facts, self.today, lang)
                       if p.id == "funding.aid_levels")
            selection = replace(selection, parts=(own, *(p for p in selection.parts if p.id != own.id)))
        if selection.specific and knowledge.says_nothing(selection.parts[0].id):
            self._seen["gaps"].append(selection.parts[0].id)  # "the text says nothing about X" leads the answer
        if act == "ask_amount" and money:
            parts = {p.id: p for p in knowledge.parts(programme, state.facts, self.today, lang)}
            first = [parts[k] for k in ("funding.personal", "funding.requested", "funding.max_per_project")
                     if k in parts]
            rest = [p for p in selection.parts if p not in first]
            lines = [line for part in (*first, *rest) for line in part.lines]
            return Reply("\n".join([*lines, answers.source_line(programme, lang)]))
        if selection.specific and selection.parts[0].family in ("amount", "deadline"):
            # the fact asked for first, then the rest of what the text says on amounts or dates
            whole = self._whole_answer("ask_amount" if selection.parts[0].family == "amount" else "ask_deadline",
                                       ctx, programme).text.splitlines()[:-1]
            first_family = selection.parts[0].family  # the fact asked for, and a close one of its kind
            asked = [line for part in selection.parts[:2] if part.family == first_family for line in part.lines]
            heading = [line for line in whole[:1] if line.endswith(":")]
            others = [line for line in whole if line not in asked and line not in heading]
            return Reply("\n".join([*asked, *others[:5], answers.source_line(programme, lang)]))
        if selection.specific:
            lines = [line for part in selection.parts for line in part.lines]
            return Reply("\n".join([*lines, answers.source_line(programme, lang)]))
        if not programme.open_call and act not in ("ask_contact", "ask_amount", "ask_deadline"):
            return self._not_a_call(programme, lang)[0]
        return self._whole_answer(act, ctx, programme)

    def _whole_answer(self, act: str, ctx: ChatContext, programme: Programme) -> Reply:
        lang = ctx.lang
        if act == "ask_amount":
            return Reply("\n".join(answers.grant_lines(programme, ctx.facts, lang)))
        if act == "ask_deadline":
            return Reply("\n".join(answers.deadline_lines(programme, ctx.today, lang)))
        if act == "ask_contact":
            return Reply("\n".join(answers.contact_lines(programme, lang)))
        if act in INTENT_TOPICS:
            from assistant.replies import topic_reply
            if not any(programme.topics.get(topic) for topic in INTENT_TOPICS[act]):
                self._seen["gaps"].extend(f"{topic}.missing" for topic in INTENT_TOPICS[act])
            return topic_reply(programme, INTENT_TOPICS[act], lang)
        return Reply("\n".join(answers.overview_lines(programme, ctx.today, lang)))

    def _without_names(self, text: str) -> str:
        """The question without the words that named programmes ("AI-puljen 2020" says nothing about the fact).

        When hints alone named it ("regionens pulje til kunstig intelligens"), those hints were its name.
        """
        naming = resolve(self.catalogue, text)
        spans = list(naming.name_spans)
        for mention in naming.mentions:
            if mention.programme == naming.meant:
                spans += mention.spans  # "pulje til kunstig intelligens" named it; it asks about no fact
        for start, end in reversed(merged_spans(spans)):  # "Vinnovas" inside "Vinnovas AI-resa": cut once
            text = text[:start] + " " + text[end:]
        return text

    def _not_a_call(self, programme: Programme, lang: Lang, asked_to_apply: bool = False) -> list[Reply]:
        """Not a call: say so ("No" first to "can we apply?"), say what it is (an EU project that was funded,
        a press release about an initiative), what one can apply to instead, and whom to contact."""
        verdict = evaluate(programme, {}, self.today)
        headline = answers.verdict_lines(verdict, self.catalogue, lang)[0]
        lines = [t(lang, "verdict.not_eligible_not_a_call", answer=headline) if asked_to_apply else headline]
        overview = answers.overview_lines(programme, self.today, lang)
        lines.append(overview[1])  # run by / grant recipient
        parts = {pid: ls for pid, ls in answers.deadline_parts(programme, self.today, lang)}
        lines += parts.get("deadline.project_period", []) + parts.get("deadline.published", [])
        lines += [line for pid, ls in answers.grant_parts(programme, {}, lang) if pid == "funding.eu" for line in ls]
        for topic in ("facts_sheet", "purpose", "target_group", "funding_rounds"):
            lines += [s.text.get(lang) for s in programme.topics.get(topic, ())[:2]]
        related = [self.catalogue.programmes[r] for r in programme.related if r in self.catalogue.programmes]
        if related:
            lines.append(t(lang, "verdict.related", names=", ".join(answers.name(r, lang) for r in related)))
        if programme.contacts:
            lines += answers.contact_lines(programme, lang)[:-1]
        lines.append(answers.source_line(programme, lang))
        return [Reply("\n".join(lines))]

    def _unknown(self, name: str, state: State) -> Outcome:
        lang = self._lang(state)
        self._seen["unknown"] = name
        lines = [t(lang, "chat.unknown_programme", name=name)]
        lines += answers.programme_list_lines(self.catalogue, self.today, lang)[1:]
        buttons = tuple(Button(answers.name(p, lang), payload("ask_programme_info", programme=p.id))
                        for p in self.catalogue.programmes.values())
        return Outcome([Reply("\n".join(lines), buttons)], state, "unknown_programme")

    def _which(self, act: str, text: str, state: State, candidates: Sequence[str]) -> Outcome:
        lang = self._lang(state)
        buttons = tuple(Button(answers.name(self.catalogue.programmes[c], lang), payload(act, programme=c))
                        for c in candidates)
        state = replace(state, pending=act, pending_text=text)
        return Outcome([Reply(t(lang, "chat.which_programme"), buttons)], state, "which_programme")

    def _no_programme(self, act: str, text: str, state: State, news: Mapping[str, FactValue]) -> Outcome:
        ctx = self._ctx(state)
        self._note_question(act, None)
        if act == "ask_contact":
            return Outcome([contacts_everywhere(ctx)], state, "answer")
        if act == "ask_deadline":
            lines = answers.programme_list_lines(self.catalogue, self.today, ctx.lang)
            return Outcome([Reply("\n".join(lines))], replace(state, pending=act, pending_text=text), "list")
        if act in ("ask_eligibility", "ask_who_can_apply") and state.facts:
            return self._find(state, news)
        calls = [p.id for p in self.catalogue.open_calls()]
        everything = list(self.catalogue.programmes)
        return self._which(act, text, state, calls if act in (*CALL_ONLY, "ask_amount") else everything)

    def _find(self, state: State, news: Mapping[str, FactValue]) -> Outcome:
        ctx = self._ctx(state)
        replies = [noted(ctx, news)] if news else []
        return Outcome([*replies, find_programmes(ctx)], state, "find")

    def _inform(self, turn: Turn, state: State, naming: Naming, news: Mapping[str, FactValue]) -> Outcome:
        """Facts stated without a question: applied at once to the verdict or programme in focus."""
        ctx = self._ctx(state)
        target = self._target("inform", naming, state, news)
        focus = target.programmes[0] if target.programmes else None
        if focus and (state.verdict_for == focus or "?" in turn.text):
            state = replace(state, programme=focus)
            return self._start_check(state, focus, news, noted_first=True)
        if focus:
            programme = self.catalogue.programmes[focus]
            verdict = evaluate(programme, state.facts, self.today)
            state = replace(state, programme=focus)
            if verdict.status != "unknown" and programme.open_call:
                return self._start_check(state, focus, news, noted_first=True)
            return Outcome([noted(ctx, news), _offer_check(programme, ctx.lang)],
                           replace(state, offer="ask_eligibility"), "noted")
        return self._find(state, news)

    # ------------------------------------------------------------ the eligibility check

    def _start_check(self, state: State, programme_id: str, news: Mapping[str, FactValue],
                     noted_first: bool = False) -> Outcome:
        lang = self._lang(state)
        programme = self.catalogue.programmes[programme_id]
        replies = [noted(self._ctx(state, programme_id), news)] if news and noted_first else []
        if not programme.open_call:
            return Outcome([*replies, *self._not_a_call(programme, lang)], state, "not_a_call")
        verdict = evaluate(programme, state.facts, self.today)
        replies += self._about_news(programme, news, state)
        if verdict.status == "unknown" and state.check != programme_id:
            note = answers.call_state_note(programme, verdict.deadline, lang)
            closed = bool(note) and verdict.deadline.state != "open"
            intro = [t(lang, "chat.checking_anyway" if closed else "chat.checking",
                       programme=answers.name(programme, lang))]
            if closed and note:
                intro.insert(0, note)
            passed = [t(lang, "verdict.pass", text=r.text.get(lang)) for r in verdict.reasons
                      if r.fact in news and r.outcome == "pass"]
            replies.append(Reply("\n".join([*passed, *intro])))
        state = replace(state, check=programme_id, programme=programme_id, asked=None)
        return self._ask_next(state, replies)

    def _about_news(self, programme: Programme, news: Mapping[str, FactValue], state: State) -> list[Reply]:
        """What the call says about stated facts it does not ask for ("we have started" -> finishing is fine),
        and how a stated amount fits its limits."""
        lang = self._lang(state)
        replies: list[Reply] = []
        if any(k in news for k in ("eligible_costs", "requested_amount")):
            parts = {p.id: p for p in knowledge.parts(programme, state.facts, self.today, lang)}
            lines = [line for key in ("funding.personal", "funding.requested", "funding.max_per_project",
                                      "funding.total_pot") if key in parts for line in parts[key].lines]
            if lines:
                replies.append(Reply("\n".join(lines)))
        unused = [f for f in news if f not in programme.criterion_facts()
                  and f not in ("eligible_costs", "requested_amount", "country")]
        about = " ".join(w for f in unused for w in self.catalogue.facts.get(f).about_words)
        if about:  # "we have started": what the call says about projects already running
            selection = knowledge.select(self.catalogue, programme, about, "ask_eligibility", state.facts, self.today,
                                         lang)
            if selection.specific:
                replies.append(Reply("\n".join(selection.parts[0].lines)))
                return replies
        if unused and self._last_text:
            selection = knowledge.select(self.catalogue, programme, self._without_names(self._last_text),
                                         "ask_eligibility", state.facts, self.today, lang)
            if selection.specific:
                best = next((p for p in selection.parts if p.family in ("activities", "target_group", "criteria",
                                                                          "excluded_activities", "ownership")), None)
                if best is not None:
                    replies.append(Reply("\n".join(best.lines)))
        return replies

    def _ask_next(self, state: State, replies: list[Reply]) -> Outcome:
        """The verdict when the facts decide it, else the next question."""
        assert state.check is not None
        programme = self.catalogue.programmes[state.check]
        criterion = next_question(programme, state.facts, self.today)
        if criterion is None:
            done = replace(state, check=None, asked=None, verdict_for=programme.id)
            verdict = verdict_reply(self._ctx(done, programme.id))
            status = self._note_verdict(programme.id, done.facts)
            return Outcome([*replies, *verdict], done, f"verdict_{status}")
        asking = replace(state, asked=criterion.fact)
        return Outcome([*replies, ask_fact(self._ctx(asking, programme.id), criterion)], asking, "ask_fact")

    def _in_check(self, turn: Turn, state: State, intent: str | None, text: str) -> Outcome:
        """An answer to the check's question, a question on the side, or both; then the check goes on."""
        lang = self._lang(state)
        assert state.check is not None
        programme = self.catalogue.programmes[state.check]
        naming = self._naming(turn)
        if intent == "goodbye":
            return Outcome([Reply(t(lang, "chat.goodbye"))], replace(state, check=None, asked=None), "goodbye")
        if intent == "ask_eligibility" and naming.meant and naming.meant != programme.id:
            switched = replace(state, check=None, asked=None)
            return self._act(intent, text, turn, switched, naming)
        other = self._other_call_named(naming, programme.id)
        if other is not None and intent not in QUESTIONS and (
                _MEANT.search(turn.text.lower()) or (len(re.findall(r"\w+", turn.text)) <= 5
                                                     and not self._stated(turn, state.asked, state.facts))):
            # "nej, jeg mente Vinnovas": the check was about the wrong programme, not a "no" to its question
            switched = replace(state, check=None, asked=None, programme=other)
            return self._act("ask_eligibility", text, turn, switched, Naming(other, (other,), naming.mentions))
        criterion = self._asked_criterion(programme, state)
        stated = self._stated(turn, state.asked, state.facts)
        value = None
        echoed = None if turn.is_button else yes_no_belongs_to(self.catalogue, turn.text, stated)
        if criterion is not None and criterion.fact in stated and not turn.is_button:
            value = stated[criterion.fact]  # "we will use what we already have": the statement, not its "no"
        elif criterion is not None and echoed is None and (intent not in QUESTIONS or turn.is_button):
            fact = self.catalogue.facts.get(criterion.fact)
            value = answer_to(criterion, fact, turn.text, intent, [{"entity": k, "value": v}
                                                                   for k, v in turn.given.items()])
        facts = {**state.facts, **stated}
        if criterion is not None and value is not None:
            facts[criterion.fact] = value
        news = changed(state.facts, facts)
        state = replace(state, facts=facts)
        replies: list[Reply] = []
        questions = self._question_clauses(turn)
        if intent == "ask_eligibility" and "?" in turn.text and not news and not questions \
                and _OWN_ELIGIBILITY.search(turn.text.lower()) and not _AGAIN.search(turn.text.lower()):
            # "so, based on what I told you, am I eligible or not?": where the check stands, and what it still needs
            return Outcome(verdict_reply(self._ctx(state, programme.id)), state, "verdict_so_far")
        if intent == "ask_eligibility" and "?" in turn.text and not news:
            intent = questions[0].intent if questions else "ask_who_can_apply"  # "may our consultant take part?"
        rule_clause = next((c for c in turn.clauses if "?" in c.text and c not in questions), None) \
            if news and not questions else None  # a question the classifier is unsure of, beside the answer
        asks = intent in PROGRAMME_QUESTIONS or intent in ("list_programmes", "find_programme", "help")
        if not asks and value is None and not news and not turn.is_button:
            retrieved = self._retrieved_act(text, state, programme.id)  # "can we bring in a university btw?"
            if retrieved is not None:
                intent, asks = retrieved, True
        if rule_clause is not None and not asks:  # "I work there. Wait, must the project be brand new?"
            rule = self._rule_asked_about(programme, rule_clause.text, state)
            side_act = None if rule is not None else self._retrieved_act(rule_clause.text, state, programme.id)
            if rule is not None:
                replies.append(rule)
            elif side_act is not None:  # a side question the classifier missed, found by its words
                replies.append(self._answer(side_act, rule_clause.text, programme, state))
        if asks or (questions and news):
            act = intent if intent in PROGRAMME_QUESTIONS else (questions[0].intent if questions else intent)
            if act in PROGRAMME_QUESTIONS:
                side = naming if naming.named else Naming(programme.id, (programme.id,), ())
                target = self._target(act, side, state, {})
                self._note_question(act, (target.programmes or (programme.id,))[0])
                for pid in target.programmes or (programme.id,):
                    replies.append(self._answer(act, text, self.catalogue.programmes[pid], state))
            elif act == "list_programmes":
                replies.append(programme_list(self._ctx(state)))
            elif act == "help":
                replies.append(Reply(t(lang, "chat.help")))
            elif act == "find_programme":
                replies.append(find_programmes(self._ctx(state)))
        elif intent in ("greet", "thank") and not news:
            replies.append(Reply(t(lang, "chat.greet" if intent == "greet" else "chat.thank")))
        elif not news:
            if naming.unknown:
                replies.append(self._unknown(naming.unknown, state).replies[0])
            elif criterion is not None:
                replies.append(not_understood(self._ctx(state, programme.id), criterion))
                self._seen["not_understood"] = criterion.fact
        if news and len(news) > (1 if value is not None else 0):
            replies.append(noted(self._ctx(state, programme.id), news))
        told = {f: v for f, v in news.items() if self.catalogue.facts.get(f).about_words
                or f in ("eligible_costs", "requested_amount")}
        about = self._about_news(programme, told, state) if told else []
        if about:  # "already running" / "750k total, is that ok?": what the call says about it, then the question
            replies += [*about[:-1], Reply("\n".join([about[-1].text, answers.source_line(programme, lang)]))]
        return self._ask_next(state, replies)

    def _other_call_named(self, naming: Naming, current: str) -> str | None:
        """The one call other than `current` that a message names by name or owner ("Vinnovas")."""
        if not naming.name_spans:
            return None
        if naming.meant:
            return naming.meant if naming.meant != current and self.catalogue.programmes[naming.meant].open_call \
                else None
        calls = [p for p in naming.candidates if p != current and self.catalogue.programmes[p].open_call]
        return calls[0] if len(calls) == 1 else None

    def _asked_criterion(self, programme: Programme, state: State) -> Criterion | None:
        missing = evaluate(programme, state.facts, self.today).missing
        if state.asked in missing:
            return next(c for c in programme.criteria if c.fact == state.asked)
        return next_question(programme, state.facts, self.today)

    # ------------------------------------------------------------ starting over

    def _confirm_start_over(self, state: State) -> Outcome:
        lang = self._lang(state)
        if not (state.facts or state.check or state.programme or state.verdict_for):
            return Outcome([Reply(t(lang, "chat.ask_anything"), menu_buttons(lang))], state, "menu")
        buttons = (Button(t(lang, "chat.answer_yes"), "/affirm"), Button(t(lang, "chat.answer_no"), "/deny"))
        lines = [t(lang, "chat.confirm_start_over")]
        about = state.check or state.verdict_for or state.programme
        if about:  # what a "yes" would forget, so an ambiguous "ny" / "start" is not answered blindly
            name = answers.name(self.catalogue.programmes[about], lang)
            facts = fact_items(self._ctx(state, about), state.facts)
            lines.append(t(lang, "chat.start_over_about_facts", programme=name, facts=facts) if facts
                         else t(lang, "chat.start_over_about", programme=name))
        return Outcome([Reply("\n".join(lines), buttons)], replace(state, confirm="start_over"),
                       "confirm_start_over")

    def _start_over(self, state: State) -> Outcome:
        lang = self._lang(state)
        fresh = State(language=state.language, explicit=state.explicit, page_programme=state.page_programme,
                      programme=state.page_programme)
        return Outcome([Reply(t(lang, "chat.start_over")), Reply(t(lang, "chat.ask_anything"), menu_buttons(lang))],
                       fresh, "start_over")

    def _kept(self, state: State) -> Outcome:
        lang = self._lang(state)
        replies = [Reply(t(lang, "chat.kept"))]
        if state.check and state.asked:
            return self._ask_next(state, replies)
        return Outcome(replies, state, "kept")

    # ------------------------------------------------------------ helpers

    def _ctx(self, state: State, programme: str | None = None) -> ChatContext:
        return ChatContext(self.catalogue, self._lang(state), programme or state.programme, state.facts, self.today)


def unanswered_kind(turn: Turn, outcome: Outcome) -> str | None:
    """Why a turn got no real answer, if it did not: the message was not understood ("fallback", "out_of_scope",
    an answer in the check that was "not_understood"), the text is silent on what was asked ("not_stated"), or
    the programme asked about is not in the catalogue ("unknown_programme")."""
    if outcome.act == "fallback":
        return "out_of_scope" if turn.intent == "out_of_scope" else "fallback"
    if outcome.insight.not_understood:
        return "not_understood"
    if outcome.insight.gaps:
        return "not_stated"
    if outcome.act == "unknown_programme":
        return "unknown_programme"
    return None


def turn_summary(turn: Turn, outcome: Outcome, best_guess: str | None = None) -> dict[str, Any]:
    """What kind of answer a turn got, kept with the conversation (the `turn_summary` slot) for staff insights.

    Never the message's text (that is already stored, redacted) and nothing about the applicant beyond what the
    verdict says. `best_guess` is the classifier's top intent when the fallback replaced it.
    """
    insight = outcome.insight
    return {"act": outcome.act, "intent": turn.intent, "best_guess": best_guess,
            "confidence": round(turn.confidence, 3), "programme": insight.programme, "question": insight.question,
            "verdict": insight.verdict, "criterion": insight.deciding, "language": outcome.state.language,
            "unanswered": unanswered_kind(turn, outcome), "gap": insight.gaps[0] if insight.gaps else None,
            "fact": insight.not_understood, "unknown_programme": insight.unknown,
            "handoff": insight.question == "ask_contact", "button": turn.is_button}


def _offer_check(programme: Programme, lang: Lang) -> Reply:
    """"Shall I check whether you can apply to X?" with a yes button that starts that check."""
    return Reply(t(lang, "chat.offer_check", programme=answers.name(programme, lang)),
                 (Button(t(lang, "chat.answer_yes"), payload("ask_eligibility", programme=programme.id)),))


def turn_from_parse(message: Mapping[str, Any]) -> Turn:
    """A Turn from Rasa's parse data (tracker.latest_message): text, intents, clauses, language, page."""
    intent = message.get("intent") or {}
    detection = None
    raw = message.get("language_detection")
    if isinstance(raw, dict):
        language = raw.get("language")
        explicit = raw.get("explicit")
        detection = Detection(language if language in LANGUAGES else None, float(raw.get("confidence") or 0.0),
                              explicit if explicit in LANGUAGES else None)
    clauses = tuple(Clause(str(c.get("text") or ""), str(c.get("intent") or ""), float(c.get("confidence") or 0.0))
                    for c in message.get("clauses") or [] if isinstance(c, dict))
    metadata = message.get("metadata") or {}
    metadata = metadata if isinstance(metadata, dict) else {}
    text = str(message.get("text") or "")
    given = {str(e.get("entity")): e.get("value") for e in message.get("entities") or []
             if isinstance(e, dict) and text.startswith("/")}
    page_language = metadata.get("language")
    return Turn(text=text, intent=intent.get("name"), confidence=float(intent.get("confidence") or 0.0),
                clauses=clauses, detection=detection,
                page_language=page_language[:2].lower() if isinstance(page_language, str) else None,
                page_programme=metadata.get("programme") if isinstance(metadata.get("programme"), str) else None,
                given=given)
