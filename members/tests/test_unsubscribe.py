"""Stopping email from a link, without logging in: the confirmation page, the button, the
mail client's one-click POST (RFC 8058), and links that were forged or altered."""

import base64
import io
import json
from urllib.parse import unquote

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client

from members import unsubscribe
from members.models import Member
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def relative(url: str) -> str:
    from django.conf import settings

    return url.removeprefix(settings.SITE_URL)


def stored(member: Member) -> tuple[str, bool]:
    member.refresh_from_db()
    return member.email_notifications, member.email_digest


def test_new_members_get_mentions_and_replies_at_once_and_the_digest():
    member = MemberFactory()
    assert stored(member) == ("immediate", True)


def test_unsubscribe_link_is_absolute_and_in_the_members_language(settings):
    member = MemberFactory(preferred_language="fr")
    url = unsubscribe.unsubscribe_url(member, "digest")
    assert url.startswith(f"{settings.SITE_URL}/fr/digest/unsubscribe/")
    assert unsubscribe.preferences_url(member) == (
        f"{settings.SITE_URL}/fr/members/me/edit/#id_email_notifications"
    )


def test_confirmation_page_changes_nothing(client):
    member = MemberFactory(preferred_language="en")
    response = client.get(relative(unsubscribe.unsubscribe_url(member, "all")))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stop all emails from the community?" in html
    assert "<button" in html
    assert stored(member) == ("immediate", True)


def test_the_button_stops_the_digest_and_says_so():
    member = MemberFactory(preferred_language="fr")
    client = Client(enforce_csrf_checks=True)
    response = client.post(relative(unsubscribe.unsubscribe_url(member, "digest")))
    assert response.status_code == 200
    assert "Vous ne recevrez plus le résumé hebdomadaire." in response.content.decode()
    assert "/fr/members/me/edit/#id_email_notifications" in response.content.decode()
    assert stored(member) == ("immediate", False)


def test_mail_clients_one_click_post_needs_no_csrf_token_nor_cookie():
    member = MemberFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        relative(unsubscribe.unsubscribe_url(member, "notifications")),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not response.cookies.get("sessionid")
    assert stored(member) == ("digest", True)


@pytest.mark.parametrize(
    ("before", "scope", "after", "said"),
    [
        (("immediate", True), "digest", ("immediate", False), "no longer receive the weekly"),
        (("immediate", True), "notifications", ("digest", True), "find them in your weekly"),
        (("immediate", False), "notifications", ("none", False), "no longer receive notif"),
        (("immediate", True), "all", ("none", False), "no longer receive the weekly"),
        (("digest", True), "all", ("none", False), "no longer receive the weekly"),
        (("digest", True), "notifications", ("digest", True), "Nothing changed"),
        (("none", False), "digest", ("none", False), "Nothing changed"),
        (("none", False), "all", ("none", False), "Nothing changed"),
    ],
)
def test_each_scope_stops_what_it_names(client, before, scope, after, said):
    member = MemberFactory(email_notifications=before[0], email_digest=before[1])
    response = client.post(relative(unsubscribe.unsubscribe_url(member, scope)))
    assert said in response.content.decode()
    assert stored(member) == after


def _tampered(token: str, **changes) -> str:
    """The token's payload changed (another member, another scope), its signature kept."""
    payload, _, signature = token.rpartition(":")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data.update(changes)
    raw = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
    return f"{raw.decode().rstrip('=')}:{signature}"


@pytest.mark.parametrize("method", ["get", "post"])
def test_altered_or_forged_tokens_get_a_clear_page_and_change_nothing(client, method):
    victim = MemberFactory()
    other = MemberFactory()
    token = unsubscribe.unsubscribe_token(other, "digest")
    forged = [
        _tampered(token, m=victim.pk),
        _tampered(token, s="all"),
        token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        token.rpartition(":")[0],
        "not-a-token",
        # Signed by the portal for another purpose: another salt is another key.
        signing.Signer(salt="something.else").sign_object({"m": victim.pk, "s": "all"}),
        signing.Signer(salt=unsubscribe.SALT).sign_object({"m": victim.pk, "s": "everything"}),
    ]
    for bad in forged:
        response = getattr(client, method)(f"/en/digest/unsubscribe/{bad}/")
        assert response.status_code == 400, bad
        assert "This unsubscribe link does not work" in response.content.decode()
    assert stored(victim) == ("immediate", True)
    assert stored(other) == ("immediate", True)


def test_a_link_to_an_account_deleted_since_gets_the_same_page(client):
    member = MemberFactory()
    url = relative(unsubscribe.unsubscribe_url(member, "all"))
    member.delete()
    response = client.post(url)
    assert response.status_code == 400


def test_mailto_carries_the_token_in_its_subject(settings):
    settings.DEFAULT_FROM_EMAIL = "CoP Portal <noreply@cop.example.org>"
    settings.COP_UNSUBSCRIBE_EMAIL = ""
    member = MemberFactory()
    mailto = unsubscribe.unsubscribe_mailto(member, "digest")
    token = unsubscribe.unsubscribe_token(member, "digest")
    assert mailto == f"mailto:unsubscribe@cop.example.org?subject=unsubscribe%20{token}"


def _mail_in(monkeypatch, subject: str) -> None:
    raw = f"From: amina@example.org\nTo: unsubscribe@cop.example.org\nSubject: {subject}\n\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw.encode())))


def test_an_email_to_the_mailto_address_unsubscribes(monkeypatch):
    member = MemberFactory()
    mailto = unsubscribe.unsubscribe_mailto(member, "digest")
    subject = unquote(mailto.partition("?subject=")[2])
    _mail_in(monkeypatch, f"Re: {subject}")
    out = io.StringIO()
    call_command("unsubscribe_from_mail", stdout=out)
    assert stored(member) == ("immediate", False)
    assert "stopped digest" in out.getvalue()


def test_an_email_with_an_altered_token_changes_nothing(monkeypatch):
    member = MemberFactory()
    token = _tampered(unsubscribe.unsubscribe_token(MemberFactory(), "all"), m=member.pk)
    _mail_in(monkeypatch, f"unsubscribe {token}")
    out = io.StringIO()
    call_command("unsubscribe_from_mail", stdout=out)
    assert stored(member) == ("immediate", True)
    assert "nothing changed" in out.getvalue()


@pytest.mark.parametrize("role", [None, "member", "pending", "moderator", "steering", "staff"])
def test_the_token_decides_whoever_is_logged_in(client, request, role):
    """The link stops the emails of the member it was written for, not of the visitor who
    follows it; a bad link is refused to every role alike."""
    owner = MemberFactory()
    if role:
        visitor = request.getfixturevalue(role)
        client.force_login(visitor)
    altered = _tampered(unsubscribe.unsubscribe_token(owner, "all"), s="digest")
    response = client.post(f"/en/digest/unsubscribe/{altered}/")
    assert response.status_code == 400
    response = client.post(relative(unsubscribe.unsubscribe_url(owner, "all")))
    assert response.status_code == 200
    assert stored(owner) == ("none", False)
    if role:
        assert stored(visitor) == ("immediate", True)


@pytest.mark.parametrize("token", ["x" * 5000, "é:abc", "%00", "eyJtIjoxfQ:", ":"])
def test_hostile_tokens_get_the_clear_page_not_an_error(client, token):
    response = client.get(f"/en/digest/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()


@pytest.mark.parametrize(
    "garbage",
    ["=?x-unknown?Q?foo?=", "=?utf-8?B?////?=", "=?utf-8?Q?=FF?=", "=?utf-7?B?K0FDSUEt?="],
)
def test_a_subject_with_a_broken_encoded_word_still_unsubscribes_and_never_fails(
    monkeypatch, garbage
):
    """A hostile or broken mail client's subject must not raise: a traceback makes the mail
    system bounce the email, and the token beside the garbage is still applied."""
    member = MemberFactory()
    token = unsubscribe.unsubscribe_token(member, "digest")
    _mail_in(monkeypatch, f"{garbage} unsubscribe {token}")
    out = io.StringIO()
    call_command("unsubscribe_from_mail", stdout=out)
    assert stored(member) == ("immediate", False)


def test_the_first_valid_token_in_the_subject_is_applied(monkeypatch):
    """Fwd: "unsubscribe from the list - unsubscribe <token>": the word after the first
    "unsubscribe" is no token; the one that is still counts."""
    member = MemberFactory()
    token = unsubscribe.unsubscribe_token(member, "digest")
    _mail_in(monkeypatch, f"Fwd: unsubscribe from the list - unsubscribe {token}")
    call_command("unsubscribe_from_mail", stdout=io.StringIO())
    assert stored(member) == ("immediate", False)
