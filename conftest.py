import pytest
from django.core.cache import cache

from members.tests.factories import MemberFactory, ModeratorFactory, SteeringMemberFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return MemberFactory(display_name="Amina Diallo", email="amina@example.org")


@pytest.fixture
def moderator(db):
    return ModeratorFactory(display_name="Joseph Mwangi", email="joseph@example.org")


@pytest.fixture
def steering(db):
    return SteeringMemberFactory(display_name="Grace Nkemelu", email="grace@example.org")


@pytest.fixture
def staff(db):
    return MemberFactory(display_name="Portal Admin", is_staff=True, is_superuser=True)
