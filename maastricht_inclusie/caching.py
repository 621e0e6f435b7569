"""Caches keyed by the data version (`data_version.py`): a hit costs one tiny query, and a change shows at once,
except on the public pages, which show it within seconds (`cached_public_page`)."""

import hashlib
import logging
import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps
from typing import NamedTuple, TypeVar

from django.conf import settings
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
    """Cache the rendered response per URL and language, renewed after the data it `reads` changes (anonymous GETs
    only), at most `STALE_FOR` seconds behind it.

    `reads` names the table groups of the data version that the page shows (`data_version.GROUPS`); the page
    stays cached through writes to any other group. Without it, any write to the tracked data renews the page.

    The page is kept with the version of the data it shows and the time that version was read (`Kept`). After a
    write (stale-while-revalidate):
    - a page read from the data less than `PUBLIC_PAGES_FRESH_SECONDS` (a setting, 5 by default) ago is served as
      it is, so that a stream of writes renews a page at most once in that time, however many visitors come;
    - after that, one request at a time renders it anew (`renewal`); visitors who come meanwhile get the page as
      it was, but only if it was read from the data at most `STALE_FOR` seconds ago (otherwise they render it too).
    So every committed write shows to every visitor within `STALE_FOR` seconds, usually within the fresh seconds and
    the time a rendering takes, and a page that takes a second to compute over large data costs one visitor that
    second, not everyone who comes while the data keeps changing.

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
        key = page_key(request.get_full_path())
        kept = _get(key)
        if kept is not None and (
            kept.version == version or read_at - kept.read_at < settings.PUBLIC_PAGES_FRESH_SECONDS
        ):
            return kept.response
        with renewal(key) as renewing:
            if not renewing and kept is not None and time.time() - kept.read_at <= STALE_FOR:
                return kept.response  # another request renders the new page
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.cookies:
                _set(key, Kept(version, read_at, response), TIMEOUT)
            return response

    wrapped.reads = reads
    return wrapped


# How old (seconds since its data was read) a public page may be when it is served while another request renders
# it anew; also how long a renewal may take before another request may start one.
STALE_FOR = 30


class Kept(NamedTuple):
    """A public page in the cache: the data version it shows, when that was read (`time.time()`), the response."""

    version: int | str
    read_at: float
    response: object


@contextmanager
def renewal(key: str):
    """Whether this request is the one that renders the page kept under `key` anew (one at a time); the claim is
    given up when it is done. With the cache down every request renders (True)."""
    claim = f"renewing:{key}"
    try:
        claimed = cache.add(claim, 1, STALE_FOR)
    except Exception as error:
        _outage(error)
        claimed = None
    try:
        yield claimed is not False
    finally:
        if claimed:
            try:
                cache.delete(claim)
            except Exception as error:
                _outage(error)


def page_key(full_path: str, language: str | None = None) -> str:
    """The cache key of a public page: its URL and language."""
    path = hashlib.sha256(full_path.encode()).hexdigest()
    return f"page:{language or get_language()}:{path}"


def page_only(query, name: str = "page") -> bool:
    """No query string, or only a page number (`name`: the admin calls it "p"): the only URLs a cache keeps, so that
    nobody can fill it with variations of a URL, and no text a visitor typed makes a key."""
    if not query:
        return True
    pages = query.getlist(name)
    return list(query) == [name] and len(pages) == 1 and PAGE_NUMBER.fullmatch(pages[0]) is not None
