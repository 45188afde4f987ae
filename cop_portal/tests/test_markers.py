"""The `postgres` and `redis` markers: skipped with a reason locally, a failure in CI."""

import pytest

import conftest


class _Marked:
    """A test item carrying one marker, as pytest hands it to the setup hook."""

    def __init__(self, marker: str):
        self.marker = marker

    def get_closest_marker(self, name):
        return object() if name == self.marker else None


@pytest.fixture
def engine(monkeypatch):
    def use(name: str):
        monkeypatch.setitem(conftest.django_settings.DATABASES["default"], "ENGINE", name)

    return use


SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("marker", "database", "redis_url", "missing"),
    [
        ("postgres", SQLITE, "", "needs PostgreSQL (DATABASE_URL=postgres://...)"),
        ("postgres", POSTGRES, "", None),
        ("redis", SQLITE, "", "needs Redis (REDIS_URL=redis://...)"),
        ("redis", SQLITE, "redis://127.0.0.1:6379/3", None),
    ],
)
def test_marked_tests_name_the_service_they_lack(
    marker, database, redis_url, missing, engine, monkeypatch
):
    engine(database)
    monkeypatch.setenv("REDIS_URL", redis_url)
    assert conftest._missing_service(_Marked(marker)) == missing


@pytest.mark.parametrize(
    ("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)]
)
def test_a_missing_service_fails_in_ci_and_skips_locally(ci, outcome, engine, monkeypatch):
    engine(SQLITE)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome):
        conftest.pytest_runtest_setup(_Marked("postgres"))
