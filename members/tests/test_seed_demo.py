import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from members.models import Member
from members.permissions import is_moderator, is_steering

pytestmark = pytest.mark.django_db

ROLE_EMAILS = [
    "member@example.org",
    "moderator@example.org",
    "steering@example.org",
    "admin@example.org",
]


def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("seed_demo")
    assert not Member.objects.filter(email__in=ROLE_EMAILS).exists()


def test_seed_demo_creates_one_verified_account_per_role(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    accounts = {m.email: m for m in Member.objects.filter(email__in=ROLE_EMAILS)}
    assert sorted(accounts) == sorted(ROLE_EMAILS)
    assert EmailAddress.objects.filter(email__in=ROLE_EMAILS, verified=True).count() == 4
    assert is_moderator(accounts["moderator@example.org"])
    assert is_steering(accounts["steering@example.org"])
    assert not is_moderator(accounts["member@example.org"])
    assert accounts["admin@example.org"].is_superuser
    response = client.post(
        "/en/accounts/login/", {"login": "member@example.org", "password": "cop-demo-2026"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Member.objects.count(), EmailAddress.objects.count())
    call_command("seed_demo")
    assert (Member.objects.count(), EmailAddress.objects.count()) == counts
