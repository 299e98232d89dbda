"""Deterministic reading of amounts, percentages and durations in Danish, Swedish and English text.

The trained extractor finds where an amount is; these functions decide what it is worth, so "125.000", "1,5 mio" and
"en halv miljon" always mean the same number whatever the model thinks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Number words people write instead of digits (da, sv, en), lower-case.
_NUMBER_WORDS: dict[str, Decimal] = {
    "en": Decimal(1), "et": Decimal(1), "ett": Decimal(1), "én": Decimal(1), "one": Decimal(1), "a": Decimal(1),
    "to": Decimal(2), "två": Decimal(2), "tva": Decimal(2), "two": Decimal(2),
    "tre": Decimal(3), "three": Decimal(3),
    "fire": Decimal(4), "fyra": Decimal(4), "four": Decimal(4),
    "fem": Decimal(5), "five": Decimal(5),
    "seks": Decimal(6), "sex": Decimal(6), "six": Decimal(6),
    "syv": Decimal(7), "sju": Decimal(7), "seven": Decimal(7),
    "otte": Decimal(8), "åtta": Decimal(8), "atta": Decimal(8), "eight": Decimal(8),
    "ni": Decimal(9), "nio": Decimal(9), "nine": Decimal(9),
    "ti": Decimal(10), "tio": Decimal(10), "ten": Decimal(10),
    "elleve": Decimal(11), "elva": Decimal(11), "eleven": Decimal(11),
    "tolv": Decimal(12), "twelve": Decimal(12),
    "atten": Decimal(18), "arton": Decimal(18), "eighteen": Decimal(18),
    "fireogtyve": Decimal(24), "tjugofyra": Decimal(24), "twenty-four": Decimal(24),
    "halv": Decimal("0.5"), "halvt": Decimal("0.5"), "halva": Decimal("0.5"), "half": Decimal("0.5"),
    "halvanden": Decimal("1.5"), "halvannan": Decimal("1.5"), "kvart": Decimal("0.25"),
}

# Multipliers: million, thousand, billion and their abbreviations.
_SCALE_WORDS: dict[str, int] = {
    "mio": 1_000_000, "mio.": 1_000_000, "mill": 1_000_000, "mill.": 1_000_000, "million": 1_000_000,
    "millioner": 1_000_000, "millionen": 1_000_000, "miljon": 1_000_000, "miljoner": 1_000_000,
    "miljonen": 1_000_000, "millions": 1_000_000, "m": 1_000_000, "mn": 1_000_000, "msek": 1_000_000,
    "mkr": 1_000_000, "mdkk": 1_000_000,
    "tusind": 1_000, "tusinde": 1_000, "tusen": 1_000, "thousand": 1_000, "k": 1_000, "t": 1_000,
    "tkr": 1_000, "tkr.": 1_000, "ksek": 1_000, "kkr": 1_000,
    "mia": 1_000_000_000, "mia.": 1_000_000_000, "mdr": 1_000_000_000, "miljard": 1_000_000_000,
    "miljarder": 1_000_000_000, "milliard": 1_000_000_000, "milliarder": 1_000_000_000, "billion": 1_000_000_000,
}

_CURRENCY = r"(?:kroner|kronor|krone|krona|kr\.?|dkk|sek|euro|eur|€|,-)(?!\w)"
# A number with optional thousands separators (space, no-break space, dot, comma) and decimals.
_NUMERAL = r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_WORD_NUMERAL = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_SCALE = "|".join(sorted((re.escape(w) for w in _SCALE_WORDS), key=len, reverse=True))

_AMOUNT_RE = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUMERAL}|(?:(?:{_WORD_NUMERAL})\s+)?(?:{_WORD_NUMERAL})(?!\w))"
    rf"(?:\s*(?P<scale>{_SCALE})(?![\w]))?"
    rf"(?:\s*(?P<cur>{_CURRENCY}))?",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUMERAL})\s*(?:%|procent|prosent|percent|per cent|pct\.?|pst\.?)(?!\w)",
    re.IGNORECASE,
)
_PERCENT_WORDS: dict[str, float] = {
    "halvtid": 50.0, "halv tid": 50.0, "half time": 50.0, "half-time": 50.0, "halvdelen": 50.0,
    "fuldtid": 100.0, "fuld tid": 100.0, "heltid": 100.0, "hel tid": 100.0, "full time": 100.0,
    "full-time": 100.0, "fuldtidsansat": 100.0, "heltidsanställd": 100.0, "trekvart": 75.0,
    "tre fjerdedele": 75.0, "tre fjärdedelar": 75.0, "three quarters": 75.0,
}
_MONTH_UNITS = r"(?:måneders|måneder|måned|mdr\.?|månaders|månader|månads|månad|mån\.?|months?|mths?)"
_YEAR_UNITS = r"(?:års?|år|years?|yrs?)"
_DURATION_RE = re.compile(
    rf"(?<![\w.,-])(?P<num>\d+(?:[.,]\d+)?|{_WORD_NUMERAL}(?:\s+(?:halvt|halv|half))?)(?:\s*-\s*|\s*)"
    rf"(?P<unit>{_MONTH_UNITS}|{_YEAR_UNITS})(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """A value found in a text, with where it stood (for entity spans)."""

    value: float
    start: int
    end: int
    text: str


def _fold(text: str) -> str:
    """Lower-case and normalise Unicode so that look-alike spaces and composed letters compare equal."""
    return unicodedata.normalize("NFC", text).lower()


def _numeral_value(raw: str) -> Decimal | None:
    """Read one numeral, deciding whether dots and commas separate thousands or decimals."""
    raw = raw.strip().lower()
    if raw in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw]
    parts = raw.split()
    if len(parts) == 2 and all(p in _NUMBER_WORDS for p in parts):
        # "en halv" = 0.5, "to og en halv" is not supported; "ett halvt" = 0.5
        first, second = (_NUMBER_WORDS[p] for p in parts)
        return second if first == 1 and second < 1 else first * second
    compact = re.sub(r"[ \u00a0\u202f]", "", raw)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", compact) and not re.fullmatch(r"\d{1,3}[.,]\d{3}", compact):
        return Decimal(re.sub(r"[.,]", "", compact))  # 1.500.000 or 1,500,000
    m = re.fullmatch(r"(\d{1,3}(?:[.,]\d{3})+)([.,])(\d{1,2})", compact)
    if m and m.group(2) != m.group(1)[-4]:
        return Decimal(re.sub(r"[.,]", "", m.group(1)) + "." + m.group(3))  # 1.500,50 / 1,500.50
    if re.fullmatch(r"\d{1,3}[.,]\d{3}", compact):
        return Decimal(re.sub(r"[.,]", "", compact))  # 125.000 / 125,000: thousands, not decimals
    try:
        return Decimal(compact.replace(",", "."))
    except InvalidOperation:
        return None


def find_amounts(text: str) -> list[Found]:
    """Every money amount in a text, in kroner/euro units, e.g. "1,5 mio. kr." -> 1 500 000."""
    folded = _fold(text)
    found: list[Found] = []
    for m in _AMOUNT_RE.finditer(folded):
        number = _numeral_value(m.group("num"))
        scale = m.group("scale")
        if number is None:
            continue
        is_word = not any(ch.isdigit() for ch in m.group("num"))
        if is_word and not scale:
            continue  # "en" or "to" alone is not an amount
        if scale and scale.lower() in {"m", "t", "k"} and not m.group("cur") and is_word:
            continue
        value = number * _SCALE_WORDS[scale.lower()] if scale else number
        if not scale and not m.group("cur") and (value < 1000 or _looks_like_year(m.group("num"))):
            continue  # "12", "80" or "2020" without a unit is a count, a percentage or a year, not money
        end = m.end()
        found.append(Found(float(value), m.start(), end, text[m.start():end].strip()))
    return [f for f in found if not _is_percent_or_duration(folded, f)]


def _looks_like_year(raw: str) -> bool:
    """A bare four-digit number between 1900 and 2100 is read as a year."""
    return bool(re.fullmatch(r"(19|20)\d\d|2100", raw.strip()))


def _is_percent_or_duration(folded: str, found: Found) -> bool:
    """True when the number is followed by a percent sign or a time unit, so it is not money."""
    rest = folded[found.end:found.end + 12].lstrip()
    return bool(re.match(rf"(?:%|procent|percent|pct|{_MONTH_UNITS}|{_YEAR_UNITS})(?!\w)", rest))


def parse_amount(text: str) -> int | None:
    """The first money amount in a text as whole units, or None; a bare number counts as an amount."""
    amounts = find_amounts(text)
    if amounts:
        return round(amounts[0].value)
    bare = re.fullmatch(rf"\s*({_NUMERAL})\s*{_CURRENCY}?\s*", _fold(text))
    if bare:
        value = _numeral_value(bare.group(1))
        return None if value is None else round(value)
    return None


def find_percentages(text: str) -> list[Found]:
    """Every percentage in a text, e.g. "80 procent" -> 80.0 and "halvtid" -> 50.0."""
    folded = _fold(text)
    found = [
        Found(float(v), m.start(), m.end(), text[m.start():m.end()])
        for m in _PERCENT_RE.finditer(folded)
        if (v := _numeral_value(m.group("num"))) is not None
    ]
    for word, value in _PERCENT_WORDS.items():
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
            found.append(Found(value, m.start(), m.end(), text[m.start():m.end()]))
    return sorted(found, key=lambda f: f.start)


def parse_percent(text: str) -> float | None:
    """The first percentage in a text; a bare number from 0 to 100 also counts (answer to "how many %")."""
    found = find_percentages(text)
    if found:
        return found[0].value
    bare = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*", text)
    if bare:
        value = float(bare.group(1).replace(",", "."))
        return value if 0 <= value <= 100 else None
    return None


def find_durations(text: str) -> list[Found]:
    """Every duration in a text, in months: "12 måneder" -> 12, "1,5 år" -> 18, "ett halvt år" -> 6."""
    folded = _fold(text)
    found: list[Found] = []
    for m in _DURATION_RE.finditer(folded):
        number = _numeral_value(m.group("num"))
        if number is None:
            continue
        months = number * 12 if re.fullmatch(_YEAR_UNITS, m.group("unit"), re.IGNORECASE) else number
        found.append(Found(float(months), m.start(), m.end(), text[m.start():m.end()]))
    return found


def parse_months(text: str) -> float | None:
    """The first duration in a text in months; a bare number counts as months."""
    found = find_durations(text)
    if found:
        return found[0].value
    bare = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*", text)
    return float(bare.group(1).replace(",", ".")) if bare else None
