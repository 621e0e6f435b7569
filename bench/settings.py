"""Settings for the benchmark run only: production settings (DEBUG off), served over plain HTTP.

The benchmark measures the application on 127.0.0.1 without a TLS proxy in front, so the HTTPS
redirect, HSTS and secure-only cookies are off here; everything else is production. The URL conf
adds the baseline page, which never appears in the portal's own URL conf.
"""

from maastricht_inclusie.settings import *  # noqa: F403
from maastricht_inclusie.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]
