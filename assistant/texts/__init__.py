"""Reply templates per language (da.yml, sv.yml, en.yml) and the formatting of money, dates and shares."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.localized import LANGUAGES, Lang

_DIR = Path(__file__).resolve().parent


class MissingTextError(KeyError):
    """A template key that one language lacks; caught by tests that compare the three files."""

    def __str__(self) -> str:
        return str(self.args[0])


@lru_cache(maxsize=len(LANGUAGES))
def templates(lang: Lang) -> dict[str, Any]:
    """The whole template tree of one language."""
    data = yaml.safe_load((_DIR / f"{lang}.yml").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def raw(lang: Lang, key: str) -> Any:
    """The value at a dotted key, e.g. raw("da", "format.months")."""
    node: Any = templates(lang)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise MissingTextError(f"texts/{lang}.yml has no '{key}'")
        node = node[part]
    return node


# An abbreviation's stop doubles as the sentence's ("1.000 kr." + "."): write it once.
_DOUBLE_STOP = re.compile(r"(?<=\bkr)\.\.(?!\.)")


def t(lang: Lang, key: str, **params: object) -> str:
    """The template at `key` filled with `params`, first letter capitalised, no doubled full stop."""
    text = _DOUBLE_STOP.sub(".", str(raw(lang, key)).format(**params))
    return text[:1].upper() + text[1:]


def number(value: float, lang: Lang, decimals: int = 0) -> str:
    """A number with the language's thousands and decimal separators: 125.000 / 125 000 / 125,000."""
    fmt = raw(lang, "format")
    whole, _, frac = f"{abs(value):,.{decimals}f}".partition(".")
    text = whole.replace(",", fmt["thousands"])
    if frac and int(frac):
        text += fmt["decimal"] + frac.rstrip("0")
    return ("-" if value < 0 else "") + text


def money(amount: float, currency: str, lang: Lang) -> str:
    """An amount with its currency, the way a reader of `lang` expects it."""
    patterns = raw(lang, "format.money")
    pattern = patterns.get(currency, "{n} " + currency)
    return str(pattern).format(n=number(amount, lang))


def percent(share: float, lang: Lang) -> str:
    """A share 0..1 as "80 %"."""
    return str(raw(lang, "format.percent")).format(n=number(round(share * 100, 1), lang, 1))


def day(value: date, lang: Lang) -> str:
    """A date in words: 31. december 2024 / 31 december 2024 / 31 December 2024."""
    months = raw(lang, "format.months")
    return str(raw(lang, "format.date")).format(day=value.day, month=months[value.month - 1], year=value.year)


def quote(text: str, lang: Lang) -> str:
    """A verbatim source sentence in the language's quotation marks (the quote itself is never translated)."""
    return str(raw(lang, "format.quote")).format(q=" ".join(text.split()))


def item(text: str, lang: Lang) -> str:
    """A list item."""
    return str(raw(lang, "format.item")).format(text=text)
