"""gunicorn, started as the image starts it (gunicorn.conf.py), does not announce itself in a Server header."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _response_headers(config: str) -> dict[str, str]:
    """The headers of /healthz from a gunicorn started with this config file, in development settings."""
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY"}}
    environment["DEBUG"] = "1"
    command = [sys.executable, "-m", "gunicorn", "--config", config, "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--no-control-socket", "maastricht_inclusie.wsgi:application"]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    return {name.lower(): value for name, value in response.getheaders()}
            # 503 when the database or the broker is down: the headers are what counts.
            except urllib.error.HTTPError as error:
                return {name.lower(): value for name, value in error.headers.items()}
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    output = server.stdout.read().decode() if server.poll() is not None else ""
                    pytest.fail(f"gunicorn did not answer: {output}")
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_portals_gunicorn_sends_no_server_header():
    headers = _response_headers("gunicorn.conf.py")

    assert "server" not in headers
    assert headers["x-content-type-options"] == "nosniff"  # the portal's own headers are all still there
    assert "date" in headers


def test_plain_gunicorn_would_send_one():
    """The check above is meaningful: without the portal's config gunicorn names itself."""
    assert _response_headers(os.devnull)["server"] == "gunicorn"
