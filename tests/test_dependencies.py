"""What can be checked about dependencies without a vulnerability database (see `make audit` for the rest)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep, f"requirements.lock: '{line}' is not pinned with =="
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_every_dependency_is_pinned_to_one_version() -> None:
    assert len(_lock()) > 100


def test_rasa_is_3_6_21_the_release_that_fixed_cve_2024_49375() -> None:
    pins = _lock()
    assert pins["rasa"] == "3.6.21"
    assert pins["rasa-sdk"].startswith("3.6.")


def test_pyproject_pins_the_same_versions_as_the_lock() -> None:
    pins = _lock()
    text = (ROOT / "pyproject.toml").read_text()
    for name, version in re.findall(r'"([A-Za-z0-9_.-]+)==([^"]+)"', text):
        assert pins.get(name.lower().replace("_", "-")) == version, name


def test_accepted_audit_findings_are_listed_with_a_reason() -> None:
    text = (ROOT / "docs" / "security-audit.md").read_text()
    assert "make audit" in text and "Accepted findings" in text
