"""Starting and stopping the peer servers (moto, SeaweedFS) as child processes on loopback.

Each server gets free ports, a temporary directory, a minimal environment and a log file;
readiness is polled with a bounded timeout, and a server that fails to start fails the
test with the tail of its log.
"""

from __future__ import annotations

import glob
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

HOST = "127.0.0.1"
START_TIMEOUT = 45.0
STOP_TIMEOUT = 10.0

#: SeaweedFS identity with full S3 rights (its -s3.config).
WEED_ACCESS_KEY = "AKIDALICE0000000000"
WEED_SECRET_KEY = "alicesecret0000000000000000000000000000"
WEED_ROLE_ARN = "arn:aws:iam::000000000000:role/testrole"

_WEED_S3_CONFIG = {
    "identities": [
        {
            "name": "alice",
            "credentials": [{"accessKey": WEED_ACCESS_KEY, "secretKey": WEED_SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
    ]
}
_ALLOW_ALL = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Allow", "Action": "sts:*", "Resource": "*"},
    ],
}
#: Enables STS AssumeRole of WEED_ROLE_ARN (its -s3.iam.config).
_WEED_IAM_CONFIG = {
    "sts": {
        "tokenDuration": 3_600_000_000_000,
        "maxSessionLength": 43_200_000_000_000,
        "issuer": "seaweedfs-sts",
        "signingKey": "dGVzdC1zaWduaW5nLWtleS0zMi1jaGFyYWN0ZXJzLWxvbmc=",
    },
    "policy": {"defaultEffect": "Deny", "storeType": "memory"},
    "roles": [
        {
            "roleName": "testrole",
            "roleArn": WEED_ROLE_ARN,
            "trustPolicy": {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sts:AssumeRole"]}
                ],
            },
            "attachedPolicies": ["S3All"],
        }
    ],
    "policies": [{"name": "S3All", "document": _ALLOW_ALL}],
}


class Server:
    """A running child process serving HTTP at ``url``; its output goes to ``log_path``."""

    def __init__(self, name: str, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.name = name
        self.url = url
        self.process = process
        self.log_path = log
        #: Files the server leaves outside its directory, removed when it stops.
        self.leftovers: list[str] = []

    def __repr__(self) -> str:
        return f"<{self.name} at {self.url}, pid {self.process.pid}>"

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as e:
            return f"(no log: {e})"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Terminate the process (by its own pid), killing it if it does not exit in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)
        for pattern in self.leftovers:
            for path in glob.glob(pattern):
                os.unlink(path)


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports (all held open together while they are chosen)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind((HOST, 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def binary(name: str) -> str:
    """A test dependency's executable from this interpreter's environment; missing is a failure."""
    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: it is a test dependency (pip install -e '.[test]')")
    return found


def _server_env(workdir: Path) -> dict[str, str]:
    """No AWS settings, and HOME and TMPDIR (where weed puts logs and sockets) in ``workdir``."""
    home = workdir / "home"
    home.mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(workdir),
        "LANG": "C.UTF-8",
    }


def _answers(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        connection.request("GET", path)
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


def _start(name: str, argv: list[str], workdir: Path, port: int, ready_path: str = "/") -> Server:
    log = workdir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=workdir,
            env=_server_env(workdir),
            start_new_session=True,
        )
    server = Server(name, f"http://{HOST}:{port}", process, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited with {process.returncode}:\n{server.log_tail()}")
        if _answers(port, ready_path):
            return server
        time.sleep(0.1)
    server.stop()
    pytest.fail(f"{name} not ready within {START_TIMEOUT:.0f} s:\n{server.log_tail()}")


def reset_moto_auth(server: Server, body: str) -> None:
    """moto's switch: ``0`` enforces signatures from the next request on, ``inf`` stops."""
    host, _, port = server.url.removeprefix("http://").partition(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("POST", "/moto-api/reset-auth", body=body.encode())
        response = connection.getresponse()
        assert response.status == 200, response.read()
        response.read()
    finally:
        connection.close()


def start_moto(workdir: Path) -> Server:
    (port,) = free_ports(1)
    argv = [binary("moto_server"), "-H", HOST, "-p", str(port)]
    return _start("moto", argv, workdir, port, "/moto-api/data.json")


def start_seaweedfs(workdir: Path) -> Server:
    """``weed mini`` with every listener on a free loopback port and extras switched off."""
    s3_config = workdir / "s3.json"
    iam_config = workdir / "iam.json"
    s3_config.write_text(json.dumps(_WEED_S3_CONFIG))
    iam_config.write_text(json.dumps(_WEED_IAM_CONFIG))
    data = workdir / "data"
    data.mkdir()
    listeners = (
        "master.port",
        "master.port.grpc",
        "volume.port",
        "volume.port.grpc",
        "filer.port",
        "filer.port.grpc",
        "s3.port",
        "s3.port.grpc",
        "admin.port",
        "admin.port.grpc",
    )
    ports = dict(zip(listeners, free_ports(len(listeners)), strict=True))
    argv = [
        binary("weed"),
        "mini",
        f"-dir={data}",
        f"-ip={HOST}",
        f"-ip.bind={HOST}",
        f"-s3.config={s3_config}",
        f"-s3.iam.config={iam_config}",
        "-admin.ui=false",
        "-webdav=false",
        "-master.telemetry=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-filer.localSocket={workdir / 'filer.sock'}",
        f"-s3.localSocket={workdir / 's3.sock'}",
        *(f"-{flag}={port}" for flag, port in ports.items()),
    ]
    server = _start("seaweedfs", argv, workdir, ports["s3.port"])
    # Its gRPC unix sockets go to /tmp whatever TMPDIR says; ours carry our ports.
    server.leftovers = [f"/tmp/seaweedfs-*-{port}.sock" for port in ports.values()]
    return server
