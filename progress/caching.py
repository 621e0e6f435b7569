"""Public pages are cached whole and keyed by the data version, so a change shows at once."""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.utils.translation import get_language

from .queries import data_version

TIMEOUT = 60 * 60


def cached_public_page(view):
    """Cache the rendered response per URL, language and data version (anonymous GETs only)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        fingerprint = hashlib.sha256(f"{request.get_full_path()}|{data_version()}".encode()).hexdigest()
        key = f"progress:{get_language()}:{fingerprint}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200:
            cache.set(key, response, TIMEOUT)
        return response

    return wrapped
