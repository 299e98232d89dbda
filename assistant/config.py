"""Where things are and what day it is: every setting comes from an environment variable with a default."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message names the variable and what is expected."""


def data_dir() -> Path:
    """The folder holding programmes/ and applicant_facts.yml (ASSISTANT_DATA_DIR, default ./data)."""
    return Path(os.environ.get("ASSISTANT_DATA_DIR", REPO_ROOT / "data"))


def programmes_dir() -> Path:
    """The catalogue folder: one YAML file per programme."""
    return data_dir() / "programmes"


def seeds_dir() -> Path | None:
    """The folder of source documents, if present: ASSISTANT_SEEDS_DIR, else ../shared/seeds next to the repo."""
    explicit = os.environ.get("ASSISTANT_SEEDS_DIR")
    candidates = [Path(explicit)] if explicit else [REPO_ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")]
    return next((p for p in candidates if p.is_dir()), None)


def parse_day(text: str, what: str = "date") -> date:
    """A YYYY-MM-DD date, or ConfigError naming `what` and the expected form."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{what}: '{text}' is not a date; expected YYYY-MM-DD, e.g. 2024-01-31") from None


def today() -> date:
    """Today's date, or ASSISTANT_TODAY=YYYY-MM-DD so tests and demos can fix the clock."""
    fixed = os.environ.get("ASSISTANT_TODAY", "").strip()
    return parse_day(fixed, "ASSISTANT_TODAY") if fixed else date.today()


def _origins(variable: str) -> tuple[str, ...]:
    """A comma-separated list of web origins (scheme://host[:port]) or "*"; ConfigError naming `variable`."""
    origins = tuple(o.strip().rstrip("/").lower() for o in os.environ.get(variable, "").split(",") if o.strip())
    for origin in origins:
        if origin != "*" and not re.fullmatch(r"https?://[^/?#\s]+", origin):
            raise ConfigError(f"{variable}: '{origin}' is not an origin; expected scheme://host[:port] without a "
                              "path, e.g. https://www.kommune.dk, separated by commas")
    return origins


def web_origins() -> tuple[str, ...]:
    """ASSISTANT_CORS_ORIGINS: the other sites whose pages may use the website channel (default: none)."""
    return _origins("ASSISTANT_CORS_ORIGINS")


def web_token() -> str:
    """ASSISTANT_WEB_TOKEN: if set, the website channel (widget) requires it in X-Assistant-Token."""
    return os.environ.get("ASSISTANT_WEB_TOKEN", "")


def rest_token() -> str:
    """ASSISTANT_REST_TOKEN: if set, the REST channel (`assistant chat`, API clients) requires it."""
    return os.environ.get("ASSISTANT_REST_TOKEN", "")


STAFF_TOKEN_MIN_CHARS = 16


def staff_token() -> str:
    """ASSISTANT_STAFF_TOKEN: the staff insights page exists only when it is set; a short one stops the start,
    because it alone guards what applicants asked."""
    token = os.environ.get("ASSISTANT_STAFF_TOKEN", "").strip()
    if token and len(token) < STAFF_TOKEN_MIN_CHARS:
        raise ConfigError(f"ASSISTANT_STAFF_TOKEN: {len(token)} characters is too short to guard the staff report; "
                          f"use at least {STAFF_TOKEN_MIN_CHARS} random ones, e.g. `openssl rand -hex 32`")
    if token and token in (web_token(), rest_token()):  # the website key is published in intranet pages
        raise ConfigError("ASSISTANT_STAFF_TOKEN: must differ from ASSISTANT_WEB_TOKEN and ASSISTANT_REST_TOKEN "
                          "(the website key is visible in every page that embeds the widget)")
    return token


def retired_settings() -> list[str]:
    """Settings that are set but no longer used, each with what to do instead (warned about at start)."""
    notes = []
    if os.environ.get("ASSISTANT_CORS"):
        notes.append("ASSISTANT_CORS is no longer used (Rasa's --cors doubled the website channel's CORS headers, "
                     "which browsers refuse): list the sites that embed the widget in ASSISTANT_CORS_ORIGINS; "
                     "the REST channel is for servers and `assistant chat`, not for browsers")
    return notes
