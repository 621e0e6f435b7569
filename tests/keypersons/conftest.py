import pytest

from tests.factories import UserFactory


@pytest.fixture
def director(db, roles):
    return UserFactory(username="regisseur-test", roles=["regisseur"], first_name="Rita")


@pytest.fixture
def network_staff(db, roles):
    return UserFactory(username="netwerk-test", roles=["netwerkmedewerker"])


@pytest.fixture
def director_client(client, director):
    client.force_login(director)
    return client
