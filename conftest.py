import os

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.test import Client
from django.test.client import ClientHandler
from django.utils import translation

from members.models import TagLabel
from members.tests.factories import MemberFactory, ModeratorFactory, SteeringMemberFactory


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _missing_service(item) -> str | None:
    """What a marked test needs and this run lacks: PostgreSQL for `postgres`, Redis for `redis`."""
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if item.get_closest_marker("postgres") and "postgresql" not in engine:
        return "needs PostgreSQL (DATABASE_URL=postgres://...)"
    if item.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
        return "needs Redis (REDIS_URL=redis://...)"
    return None


def pytest_runtest_setup(item):
    """Marked tests skip with the reason on a quick local run; in CI a missing service is a
    failure, so the concurrency, full-text and worker tests can never be skipped silently."""
    missing = _missing_service(item)
    if missing is None:
        return
    if _in_ci():
        pytest.fail(f"CI must run this test: it {missing}", pytrace=False)
    pytest.skip(missing)


@pytest.fixture(scope="session")
def _client_handler():
    """One request handler for the session: WhiteNoise scans every static file when its
    middleware is built, which otherwise costs a third of a second per test client."""
    return ClientHandler(enforce_csrf_checks=False)


@pytest.fixture
def client(_client_handler):
    client = Client()
    client.handler = _client_handler
    return client


@pytest.fixture(autouse=True)
def _english_by_default():
    """Requests leave their language active in the thread; each test starts in English."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache, pages and post fragments in theirs; each test
    starts with none (and no tag labels kept in the thread)."""
    cache.clear()
    caches["pages"].clear()
    TagLabel.forget_memo()
    yield
    cache.clear()
    caches["pages"].clear()
    TagLabel.forget_memo()


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


@pytest.fixture
def pending(db):
    return MemberFactory(display_name="Pat Pending", approval="pending")


ROLES = ("visitor", "pending", "member", "moderator", "steering", "staff")


@pytest.fixture(params=ROLES)
def role(request):
    """Each role in turn: (name, client logged in as that role, the member or None)."""
    client = request.getfixturevalue("client")
    person = None if request.param == "visitor" else request.getfixturevalue(request.param)
    if person is not None:
        client.force_login(person)
    return request.param, client, person


@pytest.fixture
def redis_commands(monkeypatch):
    """Every command (name, key…) the portal sends to Redis: they still run, this only
    records them."""
    sent = []
    execute = redis.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args)
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    return sent
