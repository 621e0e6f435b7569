"""Django's Redis cache with one Redis client per connection pool, made once, instead of one made on every call.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` around the same pool for every get and set, and
building one fills its table of about 170 response callbacks: a tenth of a millisecond, two to four times on every
page (the session, the page's body, its count). The client keeps no state of its own beyond that table and hands
each command a connection from the pool, so one client per pool serves every request of the process (redis-py's
clients are safe to share between threads, and its pools notice a fork).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClient
