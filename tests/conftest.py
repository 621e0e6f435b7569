import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _dutch_first():
    # A request under /en/ leaves English active in this thread; every test starts in Dutch, the default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Factories set a password for every user; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
