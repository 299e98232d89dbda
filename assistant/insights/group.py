"""Similar unanswered messages grouped together, and a group shown only when K different conversations share it.

Texts are normalised (lower case, accents and æ/ø/å folded, numbers masked) and compared as TF-IDF vectors of
character n-grams (scikit-learn), which forgives typos, inflections and word order across da/sv/en without a
model to download. Grouping is "leader" clustering: the most-asked message starts a group, and every other message
joins the group whose leader it resembles most, if the cosine similarity is at least SIMILARITY; otherwise it
starts a group of its own. It is deterministic and linear in the number of groups.

The representative shown is the group's leader, with every word that fewer than K of the group's conversations
used replaced by "…": a word only one person wrote (a name, a place, an amount) never appears.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

SIMILARITY = 0.5  # cosine similarity of character 2-4-grams (words' edges included) to join a group
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ß": "ss"})
_WORD = re.compile(r"\[[a-z]+\]|\w+", re.UNICODE)
MASK = "…"


def fold(text: str) -> str:
    """Lower case with accents and Scandinavian letters folded: "Hvornår" and "hvornar" are the same word."""
    text = text.lower().replace("aa", "a").translate(_FOLD)  # "aa" is the old spelling of "å"
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """The form messages are compared in: folded words, numbers masked as "0", punctuation dropped."""
    words = [re.sub(r"\d+", "0", w) for w in _WORD.findall(fold(text))]
    return re.sub(r"\b0(?: 0\b)+", "0", " ".join(words))  # "750 000" is one number


@dataclass(frozen=True)
class Message:
    """An unanswered message: its (redacted) text and the conversation it came from (an opaque number)."""

    text: str
    conversation: int


@dataclass(frozen=True)
class Group:
    """Indices into the messages given to `group`, the leader first."""

    members: tuple[int, ...]
    conversations: int


def group(messages: Sequence[Message], similarity: float = SIMILARITY) -> list[Group]:
    """Messages grouped by similarity, most conversations first (then most messages, then the leader's text)."""
    if not messages:
        return []
    forms = [normalise(m.text) for m in messages]
    by_form: dict[str, list[int]] = {}
    for i, form in enumerate(forms):
        by_form.setdefault(form, []).append(i)

    def weight(form: str) -> tuple[int, int, int, str]:
        members = by_form[form]
        return (-len({messages[i].conversation for i in members}), -len(members), len(form), form)

    order = sorted(by_form, key=weight)
    leaders: list[int] = []  # positions in `order`
    assigned: dict[str, int] = {}
    if len(order) > 1 and any(order):
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit_transform(
            [f or "_" for f in order])
        for position in range(len(order)):
            if leaders:
                scores = (vectors[leaders] @ vectors[position].T).toarray().ravel()
                best = int(scores.argmax())
                if scores[best] >= similarity:
                    assigned[order[position]] = leaders[best]
                    continue
            leaders.append(position)
            assigned[order[position]] = position
    else:
        assigned = {form: 0 for form in order}
        leaders = [0]
    groups: dict[int, list[int]] = {leader: [] for leader in leaders}
    for form in order:
        groups[assigned[form]].extend(by_form[form])
    out = [Group(tuple(members), len({messages[i].conversation for i in members})) for members in groups.values()]
    return sorted(out, key=lambda g: (-g.conversations, -len(g.members), forms[g.members[0]]))


def mask(text: str, users: dict[str, set[int]], k: int) -> str:
    """`text` with each word that fewer than `k` conversations (in `users`: word -> conversations) used masked."""
    pieces: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        pieces.append(text[last:match.start()])
        pieces.append(match.group(0) if len(users.get(fold(match.group(0)), ())) >= k else MASK)
        last = match.end()
    pieces.append(text[last:])
    shown = re.sub(rf"{MASK}(?:[\s\-/.,]*{MASK})+", MASK, "".join(pieces))  # "… …" once
    return " ".join(shown.split())


def representative(messages: Sequence[Message], members: Sequence[int], k: int) -> str:
    """The member that keeps the most words once every word fewer than `k` of the group's conversations used is
    masked (the leader on a tie): what the group asks, in words several people used."""
    users: dict[str, set[int]] = {}
    for i in members:
        for word in _WORD.findall(fold(messages[i].text)):
            users.setdefault(word, set()).add(messages[i].conversation)
    candidates = [mask(messages[i].text, users, k) for i in dict.fromkeys(members)]
    return max(candidates, key=lambda shown: len(_WORD.findall(shown.replace(MASK, " "))))
