import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # With REDIS_URL set (CI) the cache is shared between tests; start each one empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roles(db):
    from maastricht_inclusie.roles import sync_roles

    sync_roles()
