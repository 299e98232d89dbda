"""`make e2e-report`: the held-out messages and conversations through a real bot, answered-right ratios.

Starts the action server and Rasa on free ports (as the end-to-end tests do), sends every case of
tests/heldout/ over the REST channel in a new conversation each, and prints the ratios per language, kind
and category. `--failures` also lists every turn not answered right; `--subset a` runs one subset only.
`--store PATH` keeps the run's conversation store there (for `assistant insights`); otherwise it is temporary.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import (  # noqa: E402
    QUIET,
    TODAY,
    ensure_model,
    free_port,
    start_action_server,
    start_rasa,
    stop,
    wait_until,
)
from tests.heldout.judge import load_cases  # noqa: E402
from tests.heldout.runner import run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subset", help="only tests/heldout/<subset>/")
    parser.add_argument("--failures", action="store_true", help="list every turn not answered right")
    parser.add_argument("--store", type=Path, help="keep the conversations in this new SQLite file "
                                                   "(e.g. for `assistant insights`)")
    args = parser.parse_args()
    if args.store is not None and (args.store.exists() or not args.store.parent.is_dir()):
        parser.error(f"--store {args.store}: expected a new file in an existing folder")
    model = ensure_model()
    logs = Path(tempfile.mkdtemp(prefix="e2e-report-"))
    rasa_port, action_port = free_port(), free_port()
    env = {**os.environ, **QUIET, "ASSISTANT_TODAY": TODAY,
           "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
           "ASSISTANT_TRACKER_DB": str(args.store or logs / "conversations.sqlite"),
           "ASSISTANT_RATE_SENDER": "100000"}
    url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
    actions = start_action_server(action_port, env, logs / "actions.log")
    rasa = start_rasa(rasa_port, model, env, logs / "rasa.log")
    try:
        wait_until(lambda: requests.get(f"http://127.0.0.1:{action_port}/health", timeout=2).ok, 60,
                   "action server", actions)
        wait_until(lambda: requests.post(url, json={"sender": "probe-000000", "message": "/greet"}, timeout=10).ok,
                   180, "rasa", rasa)

        def send(sender: str, text: str, metadata: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
            body = {"sender": sender, "message": text, "metadata": dict(metadata)}
            response = requests.post(url, json=body, timeout=60)
            response.raise_for_status()
            return list(response.json())

        report = run(load_cases(args.subset), send)
        print(report.table())
        if args.failures:
            print("\n" + report.failures())
    finally:
        stop(rasa)
        stop(actions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
