"""A simple per-client limit on a form that would otherwise let anyone probe which user names exist."""

import logging

from django.core.cache import cache

from .client_ip import client_ip

logger = logging.getLogger(__name__)


def allow(request, action: str, *, limit: int, per_seconds: int) -> bool:
    """Whether this client may do `action` once more now (at most `limit` times per `per_seconds`).

    Counted in the cache; while the cache is down nothing is limited (the form still works).
    """
    key = f"throttle:{action}:{client_ip(request)}"
    try:
        cache.add(key, 0, per_seconds)
        return cache.incr(key) <= limit
    except Exception as error:  # the cache is down: let the person through
        logger.warning("Throttle %s not applied: the cache is unavailable (%s)", action, error)
        return True
