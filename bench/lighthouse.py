"""Lighthouse's mobile performance score of the public pages (issue 22), run by bench/run.py.

Lighthouse comes from the npm registry, pinned in package.json (`npm ci` installs it in node_modules);
the browser is Debian's Chromium (`apt-get install chromium`; CHROME_PATH may name another). Lighthouse
12 runs on Node.js 18 or later. Where either is missing the step is skipped, with a note in the output and
in bench/latest.json, and no target is judged.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["/", "/voortgang/", "/organisaties/"]
AUDITS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
          "speed-index", "total-byte-weight"]  # fmt: skip


def chromium() -> str | None:
    candidates = [os.environ.get("CHROME_PATH"), "chromium", "chromium-browser", "google-chrome"]
    return next((found for name in candidates if name and (found := shutil.which(name))), None)


def unavailable() -> str | None:
    """Why Lighthouse cannot run here, or None."""
    if not shutil.which("node"):
        return "Node.js is not installed"
    if not LIGHTHOUSE.exists():
        return "Lighthouse is not installed (npm ci)"
    if not chromium():
        return "no Chromium found (apt-get install chromium, or set CHROME_PATH)"
    return None


# Lighthouse's own trace errors (NO_NAVSTART, NO_FCP: "Please run Lighthouse again") come and go between runs of
# the same page; a page is tried this many times before its error is reported.
ATTEMPTS = 3


def score(address: str) -> dict:
    """Lighthouse's score of a page, tried again after a failed run (`ATTEMPTS`); how many runs it took is kept."""
    for attempt in range(1, ATTEMPTS + 1):
        result = _run(address) | {"attempts": attempt}
        if "error" not in result:
            break
    return result


def _run(address: str) -> dict:
    """One Lighthouse run, mobile (its default form factor and throttling), performance only."""
    command = [str(LIGHTHOUSE), address, "--only-categories=performance", "--output=json", "--output-path=stdout",
               "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": chromium()}
    completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180, check=False)
    if completed.returncode != 0:
        return {"error": (completed.stderr or completed.stdout).strip()[-500:]}
    report = json.loads(completed.stdout)
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        **{name: audits[name].get("numericValue") for name in AUDITS if name in audits},
        "lighthouse": report.get("lighthouseVersion"),
    }


def lighthouse(base: str) -> dict:
    """The score of each public page, or the reason the step was skipped."""
    reason = unavailable()
    if reason:
        print(f"  Lighthouse skipped: {reason}.", flush=True)
        return {"skipped": reason}
    results = {}
    for path in PAGES:
        results[path] = score(base + path)
        figure = results[path].get("performance", "error")
        print(f"  Lighthouse {path:<24} mobile performance {figure}", flush=True)
    return {"pages": results}
