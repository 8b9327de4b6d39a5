"""Three nats-server processes in one JetStream cluster, on free ports with their own
stores, for the clustered stream's fault test. Each node may be killed and started again
on the same store; the machine's own server is left alone."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.e2e.test_demo import free_port


def _wait_for(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nats-server on port {port} did not start")


class Cluster:
    def __init__(self, root: Path, size: int = 3) -> None:
        self.root = root
        self.client_ports = [free_port() for _ in range(size)]
        self.route_ports = [free_port() for _ in range(size)]
        self.nodes: list[subprocess.Popen[bytes] | None] = [None] * size

    @property
    def url(self) -> str:
        return ",".join(f"nats://127.0.0.1:{p}" for p in self.client_ports)

    def _config(self, n: int) -> Path:
        routes = ", ".join(
            f'"nats-route://127.0.0.1:{p}"' for i, p in enumerate(self.route_ports) if i != n
        )
        path = self.root / f"n{n}.conf"
        path.write_text(
            f'server_name: "n{n}"\n'
            f'listen: "127.0.0.1:{self.client_ports[n]}"\n'
            f'jetstream {{ store_dir: "{self.root / f"store-{n}"}" }}\n'
            f'cluster {{ name: "netpatrol"\n'
            f'  listen: "127.0.0.1:{self.route_ports[n]}"\n'
            f"  routes: [{routes}] }}\n",
            encoding="utf-8",
        )
        return path

    def start(self, n: int) -> None:
        with (self.root / f"n{n}.log").open("ab") as log:
            self.nodes[n] = subprocess.Popen(
                ["nats-server", "-c", str(self._config(n))], stdout=log, stderr=subprocess.STDOUT
            )
        _wait_for(self.client_ports[n])

    def start_all(self) -> None:
        for n in range(len(self.nodes)):
            self.start(n)

    def kill(self, n: int) -> None:
        node = self.nodes[n]
        if node is not None:
            node.send_signal(signal.SIGKILL)
            node.wait(timeout=30)
            self.nodes[n] = None

    def stop_all(self) -> None:
        for n in range(len(self.nodes)):
            self.kill(n)
