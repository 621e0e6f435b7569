"""An admin list page kept whole, for each user, under the data versions of what it shows (issue 22).

The admin's application list renders the admin's page around its rows — header, filters, search, actions form,
pagination — on every visit: most of its cost, and the same page every time until the data changes. So a plain
visit (no query string but a page number, no message waiting) is answered from the cache:

- the user's right to the list is checked first, as the admin checks it, and the page is kept per user and for
  their permissions (a digest of them, read with the user on every request: `accounts/session_user.py`), so
  nobody ever sees a page rendered for another, and a permission given or taken changes the key;
- the key carries the numbers of the table groups the page reads (`reads`, `data_version.versions`), so a
  committed write to any of them shows on the next request;
- the page's CSRF token (its forms: the actions, logging out) is the session's, never cached: it is cut out when
  the page is stored and the request's own token is put in when it is served.

A search, a filter or a sort is rendered as usual, so no text a visitor typed ever makes a key.
"""

import hashlib
import re

from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from . import data_version
from .caching import TIMEOUT, _get, _set, page_only

_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_HOLE = "\ue000csrf\ue001"


def _rights(user) -> str:
    shown = (user.pk, user.get_username(), user.is_superuser, tuple(sorted(user.get_all_permissions())))
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:32]


def cached_changelist(model_admin, request, render, *, reads: tuple[str, ...]):
    """`render()` (the admin's own changelist view) for this request, or the page it rendered before for this
    user under the same data versions."""
    if (
        request.method != "GET"
        or not page_only(request.GET, PAGE_VAR)
        or len(get_messages(request))
        or not model_admin.has_view_or_change_permission(request)  # the admin refuses it itself
    ):
        return render()
    version = data_version.versions(reads)
    if version is None:  # no data versions (SQLite): nothing is cached
        return render()
    page = request.GET.get(PAGE_VAR, "")
    key = f"v{version}:admin:list:{model_admin.opts.label_lower}:{_rights(request.user)}:{get_language()}:{page}"
    stored = _get(key)
    if stored is not None:
        content_type, html = stored
        return HttpResponse(html.replace(_HOLE, get_token(request)), content_type=content_type)
    response = render()
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if response.status_code == 200:
        html = _TOKEN.sub(
            lambda match: f"{match[1]}{_HOLE}{match[2]}", response.content.decode(response.charset)
        )
        _set(key, (response["Content-Type"], html), TIMEOUT)
    return response
