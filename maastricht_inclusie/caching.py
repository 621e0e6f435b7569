"""Caches keyed by the data version (`data_version.py`): a change shows at once, a hit costs one tiny query."""

import hashlib
import logging
import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps
from typing import TypeVar

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.utils.translation import get_language

from . import data_version

logger = logging.getLogger(__name__)

# An upper bound on how long a page can lag behind in the one race the data version leaves open.
TIMEOUT = 10 * 60
# While the cache (Redis) is down, pages are computed fresh; the outage is logged at most this often.
LOG_OUTAGE_EVERY = 60
_last_outage_logged = 0.0


def _outage(error: Exception) -> None:
    global _last_outage_logged
    now = time.monotonic()
    if now - _last_outage_logged >= LOG_OUTAGE_EVERY:
        _last_outage_logged = now
        logger.warning("The cache is unavailable; pages are computed without it: %s", error)


def _get(key: str):
    """The cached value, or None when there is none or the cache is down (a miss, never an error)."""
    try:
        return cache.get(key)
    except Exception as error:  # any backend error: Redis refused, timed out, went away
        _outage(error)
        return None


def _set(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        _outage(error)


PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")

T = TypeVar("T")


def cached(key: str, compute: Callable[[], T], timeout: int = TIMEOUT, version: int | str | None = None) -> T:
    """`compute()`'s result, cached under `key` until the data changes. Keep keys free of user input.

    The version is read before computing, so a write meanwhile can only make the value newer than its key.
    Values that belong together (parts of one page) pass the `version` they read once.
    """
    if version is None:
        version = data_version.current()
        if version is None:  # no data version (SQLite): nothing is cached
            return compute()
    versioned = f"v{version}:{key}"
    value = _get(versioned)
    if value is None:
        value = compute()
        _set(versioned, value, timeout)
    return value


def cached_public_page(view=None, *, reads: tuple[str, ...] | None = None):
    """Cache the rendered response per URL and language until the data it `reads` changes (anonymous GETs only).

    `reads` names the table groups of the data version that the page shows (`data_version.GROUPS`); the page
    stays cached through writes to any other group. Without it, any write to the tracked data renews the page.

    After a write, one request at a time renders the new page (`renewal`); while it does, other visitors get the
    page as it was (stale-while-revalidate), but only one read from the data at most `STALE_FOR` seconds ago. So a
    committed write shows at once to a visitor who finds no renewal under way, and to every visitor within
    `STALE_FOR` seconds: a page that takes a second to compute over large data costs one visitor that second, not
    every visitor who comes while the data keeps changing.

    The same for every visitor, so nothing personal may be on it: requests of logged-in users and
    requests with a message waiting for the visitor are answered without the cache. Only the pages
    themselves and their numbered pages are cached, not every search or made-up query string, so
    that nobody can fill the cache with variations of a URL.
    """
    if view is None:
        return lambda view: cached_public_page(view, reads=reads)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if (
            request.method != "GET"
            or not page_only(request.GET)
            or request.user.is_authenticated
            or len(get_messages(request))
        ):
            return view(request, *args, **kwargs)
        read_at = time.time()
        version = data_version.versions(reads) if reads else data_version.current()
        if version is None:  # no data version (SQLite): nothing is cached
            return view(request, *args, **kwargs)
        path = request.get_full_path()
        response = _get(page_key(path, version))
        if response is not None:
            return response
        with renewal(path) as renewing:
            if not renewing:  # another request renders the new page: the last one, if recent enough
                latest = _get(latest_key(path))
                if latest is not None and time.time() - latest[0] <= STALE_FOR:
                    return latest[1]
            return _render_and_keep(view, request, args, kwargs, path, version, read_at)

    wrapped.reads = reads
    return wrapped


# How old (seconds since its data was read) a public page may be when it is served while another request renders
# its renewal; also how long a renewal may take before another request may start one.
STALE_FOR = 30


@contextmanager
def renewal(path: str):
    """Whether this request is the one that renders the page at `path` anew (one at a time per page and language);
    the claim is given up when it is done. With the cache down every request renders (True)."""
    key = f"page-renewing:{get_language()}:{_digest(path)}"
    try:
        claimed = cache.add(key, 1, STALE_FOR)
    except Exception as error:
        _outage(error)
        claimed = None
    try:
        yield claimed is not False
    finally:
        if claimed:
            try:
                cache.delete(key)
            except Exception as error:
                _outage(error)


def _render_and_keep(view, request, args, kwargs, path: str, version: str | int, read_at: float):
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if response.status_code == 200 and not response.cookies:
        _set(page_key(path, version), response, TIMEOUT)
        _set(latest_key(path), (read_at, response), TIMEOUT)
    return response


def _digest(full_path: str) -> str:
    return hashlib.sha256(full_path.encode()).hexdigest()


def latest_key(full_path: str, language: str | None = None) -> str:
    """The key of the last rendering of a public page, whatever its version, with the time its data was read."""
    return f"page-latest:{language or get_language()}:{_digest(full_path)}"


def page_key(full_path: str, version: int | str, language: str | None = None) -> str:
    """The cache key of a public page: its URL and language under the data version it was read at."""
    return f"page:v{version}:{language or get_language()}:{_digest(full_path)}"


def page_only(query, name: str = "page") -> bool:
    """No query string, or only a page number (`name`: the admin calls it "p"): the only URLs a cache keeps, so that
    nobody can fill it with variations of a URL, and no text a visitor typed makes a key."""
    if not query:
        return True
    pages = query.getlist(name)
    return list(query) == [name] and len(pages) == 1 and PAGE_NUMBER.fullmatch(pages[0]) is not None
