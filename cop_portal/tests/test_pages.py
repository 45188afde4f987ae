import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_states_purpose_goals_and_the_three_areas(client):
    html = client.get("/en/").content.decode()
    assert "Digital Payments in Health: a Community of Practice" in html
    assert "What we aim for" in html
    for area in ("Mapping", "Curating", "Networking"):
        assert f"<h3>{area}</h3>" in html


def test_french_home_page_names_the_three_areas_in_french(client):
    html = client.get("/fr/").content.decode()
    for area in ("Cartographie", "Analyse et synthèse", "Réseautage"):
        assert f"<h3>{area}</h3>" in html


def test_every_page_sends_a_csp_without_inline_script_or_style(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert "<script>" not in html and "style=" not in html


def test_layout_has_skip_link_navigation_and_licence(client):
    html = client.get("/en/").content.decode()
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    for label in ("Rooms", "Evidence", "Events", "Members"):
        assert f">{label}</a>" in html
    assert 'role="search"' in html and ">Search</button>" in html
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in html


@pytest.mark.parametrize(
    ("section", "heading"),
    [
        ("discussions:room-list", "Discussion rooms"),
        ("evidence", "Evidence library"),
        ("events", "Events"),
        ("search", "Search"),
    ],
)
def test_navigation_targets_open_their_page(client, section, heading):
    response = client.get(reverse(section))
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "text"),
    [("/en/no-such-page/", "Page not found"), ("/fr/no-such-page/", "Page introuvable")],
)
def test_not_found_page_is_in_the_language_of_the_address(client, path, text):
    response = client.get(path)
    assert response.status_code == 404
    assert text in response.content.decode()


def test_server_error_page_is_translated(client, settings):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("fr"):
        assert "Une erreur est survenue" in render_to_string("500.html")


def test_contact_form_emails_the_steering_committee(
    client, steering, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/contact/",
            {
                "name": "Kofi Mensah",
                "email": "kofi@example.org",
                "subject": "Mobile money in Ghana",
                "message": "Could the community share evidence on paying vaccinators?",
            },
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [steering.email]
    assert mail.reply_to == ["kofi@example.org"]
    assert "Mobile money in Ghana" in mail.subject
    assert "paying vaccinators" in mail.body


def test_contact_form_goes_to_the_contact_address_when_the_committee_is_empty(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COP_CONTACT_EMAIL = "desk@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/contact/",
            {
                "name": "Kofi",
                "email": "kofi@example.org",
                "subject": "Hello",
                "message": "A question about the portal.",
            },
        )
    assert [m.to for m in mailoutbox] == [["desk@example.org"]]


def test_contact_form_with_errors_keeps_what_was_typed(client, mailoutbox):
    response = client.post(
        "/fr/contact/",
        {
            "name": "Awa Traoré",
            "email": "not-an-address",
            "subject": "Paiements",
            "message": "Bonjour à tous",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez une adresse de courriel valide." in html
    assert 'value="Awa Traoré"' in html
    assert "Bonjour à tous" in html
    assert mailoutbox == []


def test_contact_form_is_rate_limited_and_keeps_the_message(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COP_CONTACT_RATE_PER_HOUR = 2
    data = {
        "name": "Kofi",
        "email": "kofi@example.org",
        "subject": "Hi",
        "message": "Another question for you.",
    }
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/en/contact/", data).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/contact/", data)
    assert response.status_code == 429
    assert "You have sent several messages in the last hour" in response.content.decode()
    assert "Another question for you." in response.content.decode()
    assert len(mailoutbox) == 2


def test_contact_rate_limit_counts_each_client_behind_the_proxy(client, settings, mailoutbox):
    settings.COP_CONTACT_RATE_PER_HOUR = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    data = {
        "name": "Kofi",
        "email": "kofi@example.org",
        "subject": "Hi",
        "message": "A question for you.",
    }
    first = client.post("/en/contact/", data, headers={"x-forwarded-for": "198.51.100.7"})
    second = client.post("/en/contact/", data, headers={"x-forwarded-for": "203.0.113.9"})
    again = client.post("/en/contact/", data, headers={"x-forwarded-for": "198.51.100.7"})
    assert (first.status_code, second.status_code, again.status_code) == (302, 302, 429)
    assert "You have sent several messages in the last hour" in again.content.decode()


def test_contact_mail_subject_is_plain_text(
    client, steering, mailoutbox, django_capture_on_commit_callbacks
):
    data = {
        "name": "Awa N'Diaye",
        "email": "awa@example.org",
        "subject": "L'immunisation & co",
        "message": "Une question sur les paiements.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/contact/", data)
    assert mailoutbox[0].subject == "[CoP] Contact form: L'immunisation & co"
    assert "Awa N'Diaye <awa@example.org> wrote" in mailoutbox[0].body
