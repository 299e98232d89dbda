"""The supervisord configuration of `make run` (embedded) and `make run-scaled` (replicas behind nginx).

supervisord starts every process, restarts one that dies (at once if it had been up, else after 1 s, 2 s, 3 s, …
for up to STARTRETRIES tries), restarts a Rasa process whose health route stops answering (superlance's httpok,
every 5 s), and on Ctrl-C stops each program with its whole process group. Each program is one process: Sanic's
extra workers would outlive a killed main process, so the action server runs with one worker here.

    python scripts/supervisor_conf.py embedded --run-dir var/run/x --rasa-port 5005 --action-port 5055
    python scripts/supervisor_conf.py scaled --run-dir var/run/y --public-port 8080 --replica-ports 5101,5102

writes RUN_DIR/supervisord.conf (and RUN_DIR/nginx/nginx.conf for `scaled`).
"""

from __future__ import annotations

import argparse
import configparser
import io
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
STARTRETRIES = 100  # linear backoff: the 100th try comes ~84 minutes after the first failure
HEALTH_TIMEOUT = 20  # seconds httpok waits for a Rasa process before restarting it
LIVENESS = "/webhooks/rest/health?probe=liveness"


@dataclass(frozen=True)
class Program:
    """One supervised process."""

    name: str
    argv: list[str]
    startsecs: int  # up this long = started; dying sooner counts as a failed start (then backoff)
    stopwaitsecs: int = 20
    priority: int = 100
    environment: dict[str, str] = field(default_factory=dict)


def _quote(value: str) -> str:
    """A value for supervisord's `environment=` list (double quotes; % doubled for its own expansion)."""
    return '"' + value.replace("%", "%%").replace('"', '\\"') + '"'


def _command(argv: list[str]) -> str:
    """A shell-like command line supervisord splits back into argv (% doubled for its expansion)."""
    return " ".join(shlex.quote(a) for a in argv).replace("%", "%%")


def action_server(port: int) -> Program:
    """The custom actions on 127.0.0.1 only, one process."""
    return Program("actions", [str(ROOT / "scripts" / "labelled.sh"), "actions", str(BIN / "rasa"), "run",
                               "actions", "--port", str(port), "--actions", "actions"],
                   startsecs=15, priority=10,
                   environment={"SANIC_HOST": "127.0.0.1", "ACTION_SERVER_SANIC_WORKERS": "1"})


def rasa(name: str, host: str, port: int, endpoints: str, cors: str = "") -> Program:
    """One Rasa process: the model, our channels, on host:port (loading takes 15-60 s on 2 shared cores)."""
    argv = [str(ROOT / "scripts" / "labelled.sh"), name, str(BIN / "rasa"), "run", "--model",
            "models/assistant.tar.gz", "-i", host, "--port", str(port), "--credentials", "credentials.yml",
            "--endpoints", endpoints]
    if cors:
        argv += ["--cors", cors]
    return Program(name, argv, startsecs=60, priority=20)


def nginx(binary: str, prefix: Path) -> Program:
    """The load balancer in front of the replicas."""
    return Program("nginx", [str(ROOT / "scripts" / "labelled.sh"), "nginx", binary, "-p", str(prefix), "-c",
                             str(prefix / "nginx.conf")], startsecs=2, stopwaitsecs=10, priority=30)


def health_listener(program: str, port: int) -> tuple[str, list[str]]:
    """httpok restarts `program` when its liveness route gives no answer within HEALTH_TIMEOUT seconds."""
    return f"health-{program}", [str(BIN / "httpok"), "-E", "-p", program, "-t", str(HEALTH_TIMEOUT),
                                 f"http://127.0.0.1:{port}{LIVENESS}"]


def render(run_dir: Path, programs: list[Program], listeners: list[tuple[str, list[str]]]) -> str:
    """The supervisord.conf text."""
    conf = configparser.RawConfigParser()
    conf.optionxform = str  # type: ignore[assignment,method-assign]
    conf["unix_http_server"] = {"file": str(run_dir / "supervisor.sock"), "chmod": "0700"}
    conf["supervisord"] = {"nodaemon": "true", "logfile": str(run_dir / "supervisord.log"),
                           "logfile_maxbytes": "10MB", "logfile_backups": "2",
                           "pidfile": str(run_dir / "supervisord.pid"), "childlogdir": str(run_dir),
                           "directory": str(ROOT)}
    conf["rpcinterface:supervisor"] = {
        "supervisor.rpcinterface_factory": "supervisor.rpcinterface:make_main_rpcinterface"}
    conf["supervisorctl"] = {"serverurl": f"unix://{run_dir / 'supervisor.sock'}"}
    for program in programs:
        section = {"command": _command(program.argv), "directory": str(ROOT), "priority": str(program.priority),
                   "autostart": "true", "autorestart": "true", "startsecs": str(program.startsecs),
                   "startretries": str(STARTRETRIES), "stopsignal": "TERM", "stopwaitsecs": str(program.stopwaitsecs),
                   "stopasgroup": "true", "killasgroup": "true", "redirect_stderr": "true",
                   "stdout_logfile": "/dev/stdout", "stdout_logfile_maxbytes": "0"}
        if program.environment:
            section["environment"] = ",".join(f"{k}={_quote(v)}" for k, v in program.environment.items())
        conf[f"program:{program.name}"] = section
    for name, argv in listeners:
        conf[f"eventlistener:{name}"] = {"command": _command(argv), "events": "TICK_5", "autorestart": "true",
                                        "priority": "900", "stopasgroup": "true", "killasgroup": "true",
                                        "stderr_logfile": "/dev/stdout", "stderr_logfile_maxbytes": "0",
                                        "stdout_logfile": "NONE"}
    out = io.StringIO()
    conf.write(out)
    return "# Written by scripts/supervisor_conf.py for this run; edit that file, not this one.\n" + out.getvalue()


def nginx_conf(prefix: Path, host: str, public_port: int, replica_ports: list[int]) -> str:
    """deploy/nginx.conf.template filled in for this machine."""
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in replica_ports)
    text = (ROOT / "deploy" / "nginx.conf.template").read_text()
    return (text.replace("@PREFIX@", str(prefix)).replace("@HOST@", host).replace("@PORT@", str(public_port))
            .replace("@SERVERS@\n", servers))


def embedded(run_dir: Path, host: str, rasa_port: int, action_port: int, cors: str) -> str:
    """`make run`: the action server and one Rasa process (conversations in SQLite)."""
    programs = [action_server(action_port), rasa("rasa", host, rasa_port, "endpoints.yml", cors)]
    return render(run_dir, programs, [health_listener("rasa", rasa_port)])


def scaled(run_dir: Path, replica_ports: list[int], action_port: int, nginx_binary: str) -> str:
    """`make run-scaled`: the action server, N replicas on 127.0.0.1 and nginx (config written beside)."""
    replicas = [rasa(f"rasa-{i}", "127.0.0.1", port, "deploy/endpoints.scaled.yml")
                for i, port in enumerate(replica_ports, start=1)]
    programs = [action_server(action_port), *replicas, nginx(nginx_binary, run_dir / "nginx")]
    listeners = [health_listener(f"rasa-{i}", port) for i, port in enumerate(replica_ports, start=1)]
    return render(run_dir, programs, listeners)


def main() -> None:
    """Write the configuration files for one run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("setup", choices=["embedded", "scaled"])
    parser.add_argument("--run-dir", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--cors", default="")
    parser.add_argument("--public-port", type=int, default=8080)
    parser.add_argument("--replica-ports", default="5101,5102")
    parser.add_argument("--nginx", default="/usr/sbin/nginx")
    args = parser.parse_args()
    run_dir = args.run_dir.resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    if args.setup == "embedded":
        text = embedded(run_dir, args.host, args.rasa_port, args.action_port, args.cors)
    else:
        ports = [int(p) for p in args.replica_ports.split(",") if p.strip()]
        prefix = run_dir / "nginx"
        prefix.mkdir(exist_ok=True)
        (prefix / "nginx.conf").write_text(nginx_conf(prefix, args.host, args.public_port, ports))
        text = scaled(run_dir, ports, args.action_port, args.nginx)
    (run_dir / "supervisord.conf").write_text(text)


if __name__ == "__main__":
    main()
