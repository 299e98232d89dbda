"""Text in the three languages the assistant speaks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["da", "sv", "en"]
LANGUAGES: tuple[Lang, ...] = ("da", "sv", "en")


def as_lang(value: object, default: Lang = "sv") -> Lang:
    """A language code we speak, or the default for anything else (never raises on user input)."""
    text = str(value or "").strip().lower()[:2]
    return text if text in LANGUAGES else default


@dataclass(frozen=True)
class Localized:
    """One sentence or label in Danish, Swedish and English; every field is required."""

    da: str
    sv: str
    en: str

    def get(self, lang: Lang) -> str:
        """The text in `lang`."""
        return str(getattr(self, lang))

    def as_dict(self) -> dict[str, str]:
        """For JSON output."""
        return {"da": self.da, "sv": self.sv, "en": self.en}
