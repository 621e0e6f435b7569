"""Sessions kept in the database and read from the cache (SESSION_ENGINE): a page costs no session query.

Django's `cached_db` store, which writes every session to the database and the cache and reads the cache
first. The database stays the record, so a restart of Redis or an evicted key logs nobody out. While the cache is
down the store works from the database alone, as the cached pages do (`maastricht_inclusie.caching`): Django's
own store would fail on a logout or on reading a session that is not cached yet.
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # any backend error: Redis refused, timed out, went away
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception as error:
            logger.warning("The session cache is unavailable: %s", error)
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception as error:
            logger.warning("The session cache is unavailable: %s", error)
        return super(CachedDBStore, self).exists(session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)
        except Exception as error:  # deleted from the database; the cached copy expires on its own
            logger.warning("The session cache is unavailable: %s", error)
