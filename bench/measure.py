"""Measuring one page: gunicorn for the run, waiting for an idle machine, and wrk (bench/run.py)."""

import json
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDLE_ENOUGH = 0.1  # other processes' share of the CPUs under which a measurement counts as undisturbed


def drain(base: str) -> None:
    """Wait until the workers have answered what wrk left queued (a slow page keeps them busy for seconds)."""
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=120) as response:  # noqa: S310 - our URL
            response.read()
    except OSError:
        pass


def background_cpu(seconds: float = 1.0) -> float:
    """The share of the CPUs busy while the server idles: other processes that would skew the figures."""

    def sample():
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    try:
        idle_before, total_before = sample()
        time.sleep(seconds)
        idle_after, total_after = sample()
    except OSError:
        return 0.0
    return round(1 - (idle_after - idle_before) / max(1, total_after - total_before), 2)


def wait_for_idle(seconds: int) -> float:
    """Wait up to `seconds` for the other processes to leave the CPUs idle; their share when we go on."""
    busy, started = background_cpu(), time.monotonic()
    while busy > IDLE_ENOUGH and time.monotonic() - started < seconds:
        busy = background_cpu(seconds=5)
    return busy


class gunicorn:
    def __init__(self, args, base: str):
        self.args, self.base = args, base

    def __enter__(self):
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
        command = [sys.executable, "-m", "gunicorn", "maastricht_inclusie.wsgi:application", "--bind",
                   f"127.0.0.1:{self.args.port}", "--workers", str(self.args.workers), "--chdir", str(ROOT)]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            self.wait_until_healthy()
        except BaseException:
            self.__exit__()
            raise
        return self

    def wait_until_healthy(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as response:  # noqa: S310 - our URL
                    if response.status == 200:
                        return
            except OSError:  # not listening yet, or a worker still booting
                time.sleep(0.5)
        sys.exit(f"gunicorn did not start; see {self.log.name}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(address: str, cookie: str | None) -> int:
    """One request: the page must answer 200 itself (wrk would count a redirect to the login page as fine)."""
    request = urllib.request.Request(address, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.build_opener(NoRedirects).open(request, timeout=60) as response:
            return len(response.read())
    except urllib.error.HTTPError as error:
        sys.exit(f"{address} answered {error.code} ({error.headers.get('Location', '')}), not 200.")


def measure(wrk: str, address: str, cookie: str | None, *, clients: int, seconds: int) -> dict:
    command = [
        wrk,
        "-t2",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(ROOT / "bench" / "report.lua"),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, address], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH-RESULT "))
    raw = json.loads(line.removeprefix("BENCH-RESULT "))
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": {kind: n for kind, n in raw["errors"].items() if n},
    }
