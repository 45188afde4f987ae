import pytest
from django.test import Client
from django.test.client import ClientHandler
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The matrix creates hundreds of members; Argon2 is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _client_handler():
    """One request handler for the session: WhiteNoise scans every static file when the
    middleware is built, which otherwise costs a third of a second per test."""
    return ClientHandler(enforce_csrf_checks=False)


@pytest.fixture
def client(_client_handler):
    client = Client()
    client.handler = _client_handler
    return client


@pytest.fixture(autouse=True)
def _english_urls():
    """reverse() follows the active language, which a request to /fr/ leaves behind."""
    with translation.override("en"):
        yield
