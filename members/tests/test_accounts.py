import re

import pytest
from allauth.account.models import EmailAddress

from members.models import Member
from members.tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "awa@example.org",
    "display_name": "Awa Traoré",
    "role": "programme_manager",
    "organisation_name": "Ministère de la Santé, Mali",
    "country": "ML",
    "preferred_language": "fr",
    "password1": "payments-for-vaccinators-2026",
    "password2": "payments-for-vaccinators-2026",
}


def signup(client, lang="en", **overrides):
    return client.post(f"/{lang}/accounts/signup/", {**SIGNUP, **overrides})


def test_signup_stores_the_profile_and_sends_a_verification_mail(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client)
    assert response.status_code == 302
    member = Member.objects.get(email="awa@example.org")
    assert (member.display_name, member.role, member.organisation.name) == (
        "Awa Traoré",
        "programme_manager",
        "Ministère de la Santé, Mali",
    )
    assert (member.country.code, member.preferred_language) == ("ML", "fr")
    assert member.password.startswith("argon2$")
    assert not EmailAddress.objects.get(user=member).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["awa@example.org"]
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_signup_form_asks_for_the_profile(client):
    html = client.get("/en/accounts/signup/").content.decode()
    for label in ("Display name", "Role", "Organisation", "Country", "Preferred language"):
        assert label in html
    assert "Username" not in html


def test_unverified_member_cannot_log_in(client):
    signup(client)
    client.logout()
    response = client.post(
        "/en/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/confirm-email/")
    assert "_auth_user_id" not in client.session


def test_verification_link_verifies_the_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(email="awa@example.org").verified


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_bad_verification_link_shows_a_clear_page(client, lang):
    response = client.get(f"/{lang}/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 200
    html = response.content.decode()
    expected = "This email confirmation link expired or is invalid" if lang == "en" else "Ce lien"
    assert expected in html


@pytest.mark.parametrize(
    ("overrides", "lang", "message"),
    [
        (
            {"email": "taken@example.org"},
            "en",
            "A user is already registered with this email address.",
        ),
        (
            {"email": "taken@example.org"},
            "fr",
            "Un autre utilisateur utilise déjà cette adresse e-mail.",
        ),
        ({"password1": "123", "password2": "123"}, "en", "This password is too short."),
        ({"password1": "123", "password2": "123"}, "fr", "Ce mot de passe est trop court."),
        (
            {"password2": "something-else-entirely"},
            "en",
            "You must type the same password each time.",
        ),
        (
            {"password2": "something-else-entirely"},
            "fr",
            "Vous devez saisir deux fois le même mot de passe.",
        ),
        ({"display_name": ""}, "en", "This field is required."),
        ({"display_name": "   "}, "fr", "Ce champ est obligatoire."),
    ],
)
def test_bad_signup_comes_back_with_the_message_and_the_typed_values(
    client, overrides, lang, message
):
    MemberFactory(email="taken@example.org")
    before = Member.objects.count()
    response = signup(client, lang=lang, **overrides)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert Member.objects.count() == before
    # Everything typed comes back, except the passwords.
    if overrides.get("display_name", "x").strip():
        assert 'value="Awa Traoré"' in html
    assert 'value="Ministère de la Santé, Mali"' in html
    assert '<option value="programme_manager" selected>' in html
    assert '<option value="ML" selected>' in html
    assert "payments-for-vaccinators-2026" not in html


def test_login_switches_to_the_members_preferred_language(client):
    MemberFactory(email="fatou@example.org", preferred_language="fr")
    response = client.post(
        "/en/accounts/login/", {"login": "fatou@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert response.cookies["django_language"].value == "fr"


def test_login_is_case_insensitive_on_email(client):
    MemberFactory(email="fatou@example.org")
    response = client.post(
        "/en/accounts/login/", {"login": "Fatou@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_password_reset_mail_is_in_the_members_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    MemberFactory(email="fatou@example.org", preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": "fatou@example.org"})
    assert len(mailoutbox) == 1
    assert "mot de passe" in mailoutbox[0].body.lower()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_password_reset_answers_alike_for_known_and_unknown_addresses(
    client, lang, mailoutbox, django_capture_on_commit_callbacks
):
    MemberFactory(email="fatou@example.org")
    answers = []
    for email in ("fatou@example.org", "nobody@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/{lang}/accounts/password/reset/", {"email": email}, follow=True
            )
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        answers.append((response.status_code, response.redirect_chain, html))
    assert answers[0] == answers[1]
    assert answers[0][1] == [(f"/{lang}/accounts/password/reset/done/", 302)]
    assert "not assigned" not in answers[0][2]
    # The account holder gets a reset link; the unknown address only allauth's note that
    # no account uses it.
    assert [m.to for m in mailoutbox] == [["fatou@example.org"], ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    assert "/accounts/password/reset/key/" not in mailoutbox[1].body


def test_logout_logs_out(client, member):
    client.force_login(member)
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_signup_is_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    for n in range(2):
        signup(client, email=f"person{n}@example.org")
        client.logout()
    response = signup(client, email="person9@example.org")
    assert response.status_code == 429
    assert not Member.objects.filter(email="person9@example.org").exists()
