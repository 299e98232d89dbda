"""Personal identifiers removed from chat text before anything is stored or logged.

Danish CPR numbers, Swedish personnummer and samordningsnummer, e-mail addresses and phone numbers are
replaced by a placeholder such as "[cpr]". Amounts ("750 000 kr", "1.500.000") and dates are left alone:
a number only counts as a phone number when it is written like one (a + country code, or 2-3 digit groups).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Order matters: the most specific patterns run first so a personnummer is not taken for a phone number.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])", re.UNICODE)),
    # Swedish personnummer / samordningsnummer with century: yyyymmdd-nnnn or yyyymmddnnnn (day 01-31 or 61-91).
    ("personnummer", re.compile(r"(?<![\d-])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[06][1-9]|[1278]\d|[39][01])"
                                r"\s?[-+]?\s?\d{4}(?![\d-])")),
    # Danish CPR: ddmmyy-nnnn or ddmmyynnnn (day 01-31, month 01-12).
    ("cpr", re.compile(r"(?<![\d-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}\s?-?\s?\d{4}(?![\d-])")),
    # Short personnummer / samordningsnummer: yymmdd-nnnn or yymmdd+nnnn (what is not a valid CPR date).
    ("personnummer", re.compile(r"(?<![\d-])\d{2}(?:0[1-9]|1[0-2])(?:[06][1-9]|[1278]\d|[39][01])"
                                r"\s?[-+]\s?\d{4}(?![\d-])")),
    # Phone numbers: +45/+46/00.. with digits, Swedish 0-prefixed area/mobile forms, Danish 8 digits in pairs.
    ("phone", re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}(?!\d)")),
    ("phone", re.compile(r"(?<![\d\w])0\d{1,3}[\s-]\d{2,3}(?:[\s-]?\d{2}){2,3}(?!\d)")),
    ("phone", re.compile(r"(?<![\d\w.,])\d{2}(?:\s\d{2}){3}(?![\d.,])")),
)


@dataclass(frozen=True)
class Redaction:
    """A text with identifiers replaced, and which kinds were found."""

    text: str
    kinds: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """Whether anything was removed."""
        return bool(self.kinds)


def redact(text: str) -> Redaction:
    """Replace every identifier in `text` with "[kind]"; idempotent."""
    kinds: list[str] = []
    for kind, pattern in _PATTERNS:
        text, count = pattern.subn(f"[{kind}]", text)
        if count:
            kinds.append(kind)
    return Redaction(text, tuple(dict.fromkeys(kinds)))
