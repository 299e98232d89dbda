"""The supervisord configuration of `make run` and `make run-scaled` (scripts/supervisor_conf.py): every process
restarts with backoff, is stopped with its whole process group, and each Rasa process has a health check.
(That supervisord really does so is tested against running processes in tests/e2e/test_supervision.py.)"""

from __future__ import annotations

import configparser
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def supervisor_conf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("supervisor_conf", ROOT / "scripts" / "supervisor_conf.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["supervisor_conf"] = module
    spec.loader.exec_module(module)
    return module


def _parse(text: str) -> configparser.RawConfigParser:
    conf = configparser.RawConfigParser()
    conf.read_string(text)
    return conf


def _programs(conf: configparser.RawConfigParser) -> dict[str, configparser.SectionProxy]:
    return {s.split(":", 1)[1]: conf[s] for s in conf.sections() if s.startswith("program:")}


def test_make_run_supervises_the_action_server_and_rasa_with_a_health_check(
        supervisor_conf: ModuleType, tmp_path: Path) -> None:
    conf = _parse(supervisor_conf.embedded(tmp_path, "127.0.0.1", 15005, 15055, ""))
    programs = _programs(conf)
    assert set(programs) == {"actions", "rasa"}
    assert "--port 15055" in programs["actions"]["command"] and "--port 15005" in programs["rasa"]["command"]
    listener = conf["eventlistener:health-rasa"]
    assert "-p rasa" in listener["command"] and "http://127.0.0.1:15005/webhooks/rest/health" in listener["command"]
    assert listener["events"] == "TICK_5"


def test_make_run_scaled_supervises_each_replica_nginx_and_the_action_server(
        supervisor_conf: ModuleType, tmp_path: Path) -> None:
    conf = _parse(supervisor_conf.scaled(tmp_path, [16001, 16002, 16003], 16055, "/usr/sbin/nginx"))
    programs = _programs(conf)
    assert set(programs) == {"actions", "rasa-1", "rasa-2", "rasa-3", "nginx"}
    for i, port in enumerate((16001, 16002, 16003), start=1):
        assert f"--port {port}" in programs[f"rasa-{i}"]["command"]
        assert f"127.0.0.1:{port}/webhooks/rest/health" in conf[f"eventlistener:health-rasa-{i}"]["command"]


@pytest.mark.parametrize("setup", ["embedded", "scaled"])
def test_every_process_restarts_with_backoff_and_stops_with_its_whole_process_group(
        supervisor_conf: ModuleType, tmp_path: Path, setup: str) -> None:
    text = (supervisor_conf.embedded(tmp_path, "127.0.0.1", 15005, 15055, "") if setup == "embedded" else
            supervisor_conf.scaled(tmp_path, [16001, 16002], 16055, "/usr/sbin/nginx"))
    for name, program in _programs(_parse(text)).items():
        assert program["autorestart"] == "true", name
        assert int(program["startretries"]) >= 50, name  # linear backoff 1 s, 2 s, 3 s ... between failed starts
        assert program["stopasgroup"] == program["killasgroup"] == "true", name


def test_the_action_server_runs_as_one_process_so_no_worker_can_outlive_a_killed_main_process(
        supervisor_conf: ModuleType, tmp_path: Path) -> None:
    programs = _programs(_parse(supervisor_conf.embedded(tmp_path, "127.0.0.1", 15005, 15055, "")))
    assert 'ACTION_SERVER_SANIC_WORKERS="1"' in programs["actions"]["environment"]
    nginx = supervisor_conf.nginx_conf(tmp_path, "127.0.0.1", 18080, [16001])
    assert "master_process off;" in nginx and "server 127.0.0.1:16001" in nginx


@pytest.mark.parametrize("setup", ["embedded", "scaled"])
def test_supervisord_itself_accepts_the_configuration(supervisor_conf: ModuleType, tmp_path: Path,
                                                      setup: str) -> None:
    from supervisor.options import ServerOptions

    text = (supervisor_conf.embedded(tmp_path, "127.0.0.1", 15005, 15055, "https://www.kommune.dk")
            if setup == "embedded" else supervisor_conf.scaled(tmp_path, [16001, 16002], 16055, "/usr/sbin/nginx"))
    path = tmp_path / "supervisord.conf"
    path.write_text(text)
    options = ServerOptions()
    options.realize(args=["-c", str(path)])
    names = {group.name for group in options.process_group_configs}
    assert "actions" in names and any(n.startswith("health-rasa") for n in names)
