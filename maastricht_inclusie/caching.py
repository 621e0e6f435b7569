"""Caches keyed by the data version (`data_version.py`): a change shows at once, a hit costs one tiny query."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.utils.translation import get_language

from . import data_version

# An upper bound on how long a page can lag behind in the one race the data version leaves open.
TIMEOUT = 10 * 60

T = TypeVar("T")


def cached(key: str, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """`compute()`'s result, cached under `key` until the data changes. Keep keys free of user input."""
    versioned = f"v{data_version.current()}:{key}"
    value = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, timeout)
    return value


def cached_public_page(view):
    """Cache the rendered response per URL and language until the data changes (anonymous GETs only).

    The same for every visitor, so nothing personal may be on it: requests of logged-in users and
    requests with a message waiting for the visitor are answered without the cache.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated or len(get_messages(request)):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:v{data_version.current()}:{get_language()}:{path}"
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies:
            cache.set(key, response, TIMEOUT)
        return response

    return wrapped
