"""Refuse to start when a port we need is taken, naming the port and the setting that moves it (no traceback).

Usage: ports_free.py HOST PORT:SETTING [PORT:SETTING ...]
"""

from __future__ import annotations

import socket
import sys


def taken(host: str, port: int) -> bool:
    """Whether something already listens on host:port."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def main(argv: list[str]) -> int:
    host, wanted = argv[0], argv[1:]
    busy = []
    for item in wanted:
        port, _, setting = item.partition(":")
        if taken(host, int(port)):
            busy.append(f"port {port} on {host} is already in use: stop what uses it, or choose another "
                        f"with {setting}=<port> (e.g. {setting}={int(port) + 100})")
    for line in busy:
        print(f"cannot start: {line}", file=sys.stderr)
    return 1 if busy else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
