"""gunicorn's settings for the portal: the Dockerfile's CMD and docker compose's web service both use this file
(gunicorn also reads it by itself when started in this directory). Environment variables override the defaults.
"""

import os

from gunicorn.http import wsgi

wsgi_app = "maastricht_inclusie.wsgi:application"
# Inside the container; docker compose publishes the port on the host's 127.0.0.1 only, for the TLS proxy.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# The image sets GUNICORN_ACCESS_LOG=- (stdout); a gunicorn started here by hand (bench/run.py) logs no requests.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


# gunicorn writes "Server: gunicorn" itself, after the application's headers, and has no setting to leave it out
# (none in `gunicorn --help` of 27.0), so no WSGI middleware can remove it. This drops the line where gunicorn
# writes it, for every response class. tests/security/test_gunicorn.py starts gunicorn with this file and checks
# that the header is gone, so an upgrade that changes gunicorn's Response fails there instead of silently.
_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server
