"""The one mail path: the outbox row, its task, the requeue, and the emails on it."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cop_portal import mail, tasks
from cop_portal.models import OutgoingEmail
from members.tests.factories import MemberFactory, SteeringMemberFactory

pytestmark = pytest.mark.django_db

CONTACT = {
    "name": "Kofi Mensah",
    "email": "kofi@example.org",
    "subject": "Mobile money in Ghana",
    "message": "Could the community share evidence on paying vaccinators?",
}


class DownBackend(BaseEmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "down for maintenance")


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "cop_portal.tests.test_mail.DownBackend"


def queue(key="test:1", to="amina@example.org", language="en", **extra):
    return mail.queue_mail(
        key=key, to=to, language=language, subject="Hello", body_text="Body", **extra
    )


def test_contact_message_is_one_email_per_committee_member(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    SteeringMemberFactory(email="amina@example.org", preferred_language="en")
    SteeringMemberFactory(email="fatou@example.org", preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/contact/", CONTACT)
    assert sorted(m.to for m in mailoutbox) == [["amina@example.org"], ["fatou@example.org"]]
    by_address = {m.to[0]: m for m in mailoutbox}
    french = by_address["fatou@example.org"].subject
    assert french.startswith("[CdP] Formulaire de contact")
    assert french.endswith("Mobile money in Ghana")
    assert by_address["amina@example.org"].subject == "[CoP] Contact form: Mobile money in Ghana"


def test_contact_form_with_smtp_down_queues_the_message_instead_of_failing(
    client, steering, smtp_down, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/contact/", CONTACT)
    assert response.status_code == 302
    email = OutgoingEmail.objects.get()
    assert (email.recipient, email.status, email.attempts) == (steering.email, "pending", 1)
    assert "down for maintenance" in email.last_error
    assert mailoutbox == []


def test_contact_message_over_the_limit_is_not_queued(
    client, settings, steering, django_capture_on_commit_callbacks
):
    settings.COP_CONTACT_RATE_PER_HOUR = 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/en/contact/", CONTACT).status_code == 302
        assert client.post("/en/contact/", CONTACT).status_code == 429
    assert OutgoingEmail.objects.count() == 1


def test_contact_form_does_not_count_a_message_that_could_not_be_queued(
    client, settings, steering, monkeypatch, django_capture_on_commit_callbacks
):
    settings.COP_CONTACT_RATE_PER_HOUR = 1

    def broken(**kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("cop_portal.pages.contact_message_send", broken)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        client.post("/en/contact/", CONTACT)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/contact/", CONTACT, follow=True)
    assert "Thank you. The steering committee will answer by email." in response.content.decode()
    assert OutgoingEmail.objects.get().recipient == steering.email


def test_queueing_the_same_key_twice_makes_one_row_and_one_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(key="membership_approved:7")
        second = queue(key="membership_approved:7")
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(mailoutbox) == 1


def test_sending_an_already_sent_row_does_nothing(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    assert tasks.send_outgoing_email(email_id=email.pk) == "sent"
    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)
    assert email.sent_at is not None


def test_change_rolled_back_owes_no_email(mailoutbox, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError
    assert OutgoingEmail.objects.count() == 0
    assert mailoutbox == []


def test_email_failing_every_attempt_is_marked_failed_and_logged(
    settings, smtp_down, caplog, django_capture_on_commit_callbacks
):
    settings.COP_EMAIL_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    with caplog.at_level(logging.ERROR, logger="cop_portal.mail"):
        assert tasks.send_outgoing_email(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 2)
    assert f"email {email.pk} failed after its last attempt" in caplog.text


def test_broker_down_leaves_the_row_pending_for_the_requeue(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    def unreachable(**kwargs):
        raise ConnectionRefusedError("redis is down")

    monkeypatch.setattr(tasks.send_outgoing_email, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    email.refresh_from_db()
    assert email.status == "pending"
    assert mailoutbox == []


def test_requeue_sends_rows_left_pending_and_leaves_recent_ones(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COP_EMAIL_REQUEUE_AFTER = 300
    with django_capture_on_commit_callbacks(execute=False):  # the web process died here
        stale = queue(key="a", to="stale@example.org")
        queue(key="b", to="recent@example.org")
    OutgoingEmail.objects.filter(pk=stale.pk).update(
        last_attempt_at=timezone.now() - timedelta(minutes=6)
    )
    assert tasks.requeue_pending_emails() == 1
    assert [m.to for m in mailoutbox] == [["stale@example.org"]]
    assert OutgoingEmail.objects.get(key="b").status == "pending"


def test_retry_waits_double_each_time_up_to_the_maximum(settings):
    settings.COP_EMAIL_RETRY_DELAY = 30
    settings.COP_EMAIL_RETRY_MAX_DELAY = 600
    assert [mail.retry_delay(n) for n in range(1, 7)] == [30, 60, 120, 240, 480, 600]


def test_admin_lists_failed_emails_and_sends_them_again(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    failed = OutgoingEmail.objects.create(
        key="x",
        recipient="amina@example.org",
        language="en",
        from_email="CoP Portal <noreply@cop.example.org>",
        subject="[CoP] Lost",
        body_text="Body",
        status="failed",
        attempts=8,
        last_error="SMTPConnectError(421)",
    )
    client.force_login(staff)
    changelist = reverse("admin:cop_portal_outgoingemail_changelist")
    html = client.get(changelist + "?status__exact=failed").content.decode()
    assert "amina@example.org" in html and "[CoP] Lost" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "retry", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "sent"
    assert [m.subject for m in mailoutbox] == ["[CoP] Lost"]


def test_email_is_written_in_the_recipients_language_from_the_portal(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "CoP Portal <noreply@cop.example.org>"
    with django_capture_on_commit_callbacks(execute=True):
        queue(key="fr", to="fatou@example.org", language="fr")
        queue(key="en", to="amina@example.org", language="en")
    by_address = {m.to[0]: m for m in mailoutbox}
    assert by_address["fatou@example.org"].from_email == (
        "Portail de la CdP <noreply@cop.example.org>"
    )
    assert by_address["fatou@example.org"].subject == "[CdP] Hello"
    assert by_address["amina@example.org"].from_email == "CoP Portal <noreply@cop.example.org>"
    assert by_address["amina@example.org"].subject == "[CoP] Hello"


def test_subject_prefix_comes_from_the_setting(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COP_EMAIL_SUBJECT_PREFIX = "[Payments CoP]"
    with django_capture_on_commit_callbacks(execute=True):
        queue()
    assert mailoutbox[0].subject == "[Payments CoP] Hello"


def test_unsubscribe_headers_are_absolute_and_one_click(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cop.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        queue(key="a", unsubscribe_url="/en/discussions/notifications/", one_click=True)
        queue(key="b", to="fatou@example.org", unsubscribe_url="/en/members/me/edit/")
    headers = mailoutbox[0].extra_headers
    assert headers["List-Unsubscribe"] == "<https://cop.example.org/en/discussions/notifications/>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe-Post" not in mailoutbox[1].extra_headers


def test_list_unsubscribe_carries_the_link_and_the_mailto_and_promises_one_click(
    mailoutbox, django_capture_on_commit_callbacks
):
    links = mail.Unsubscribe(
        url="https://cop.example.org/en/digest/unsubscribe/abc:def/",
        mailto="mailto:unsubscribe@cop.example.org?subject=unsubscribe%20abc:def",
        preferences_url="https://cop.example.org/en/members/me/edit/",
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue(unsubscribe=links)
    headers = mailoutbox[0].message()
    assert headers["List-Unsubscribe"] == (
        "<https://cop.example.org/en/digest/unsubscribe/abc:def/>, "
        "<mailto:unsubscribe@cop.example.org?subject=unsubscribe%20abc:def>"
    )
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_message_ids_carry_the_sites_domain_and_survive_a_retry(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cop.example.org"
    settings.COP_EMAIL_DOMAIN = ""
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    sent = mailoutbox[0].message()["Message-ID"]
    assert sent.endswith("@cop.example.org>") and "localhost" not in sent
    assert email.headers["Message-ID"] == sent


def test_thread_and_list_headers_are_written_as_given(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cop.example.org"
    root = mail.make_message_id("topic-7.member-3")
    with django_capture_on_commit_callbacks(execute=True):
        queue(
            list_id=mail.make_list_id("paiements-mobiles", "Paiements « mobiles »"),
            message_id=mail.make_message_id("topic-7.member-3.n-12"),
            in_reply_to=root,
            references=[root],
        )
    message = mailoutbox[0].message()
    assert message["Message-ID"] == "<topic-7.member-3.n-12@cop.example.org>"
    assert message["In-Reply-To"] == message["References"] == "<topic-7.member-3@cop.example.org>"
    # The name is encoded on its own: filters still read the id between the brackets.
    assert message["List-Id"].startswith("=?utf-8?")
    assert message["List-Id"].endswith(" <paiements-mobiles.cop.example.org>")


def test_approval_email_links_to_the_members_page_in_their_language(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    from members import services

    settings.SITE_URL = "https://cop.example.org"
    awa = MemberFactory(approval="pending", preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.members_approve(members=[awa])
    body = mailoutbox[0].body
    assert "https://cop.example.org/fr/members/me/" in body
    assert "Cordialement,\nLe comité de pilotage de la CdP" in body
    assert "«\u00a0Paiements numériques en santé\u00a0»" in body


def test_account_email_greets_with_the_portals_name_in_french(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    MemberFactory(email="fatou@example.org", preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": "fatou@example.org"})
    message = mailoutbox[0]
    assert message.body.startswith("Bonjour de la part du Portail de la CdP\u202f!")
    assert "Cordialement,\nLe Portail de la CdP" in message.body
    assert "example.com" not in message.body and "testserver !" not in message.body
    assert message.subject.startswith("[CdP] ")
    assert message.from_email.startswith("Portail de la CdP <")


def test_signup_confirmation_in_french_says_the_address_is_for_a_new_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/fr/accounts/signup/",
            {
                "email": "awa@example.org",
                "display_name": "Awa Traoré",
                "role": "programme_manager",
                "organisation_name": "Ministère de la Santé",
                "country": "ML",
                "preferred_language": "fr",
                "password1": "payments-for-vaccinators-2026",
                "password2": "payments-for-vaccinators-2026",
            },
        )
    body = mailoutbox[0].body
    assert "a indiqué cette adresse pour créer un compte sur le Portail de la CdP" in body
    assert "pour se connecter à son compte" not in body
    assert "Merci de confirmer votre adresse e-mail" in mailoutbox[0].subject


def test_sent_emails_are_deleted_after_the_keeping_period(settings):
    settings.COP_EMAIL_KEEP_DAYS = 30
    old, recent, failed = (queue(key=key) for key in ("old", "recent", "failed"))
    now = timezone.now()
    OutgoingEmail.objects.filter(pk=old.pk).update(status="sent", sent_at=now - timedelta(days=31))
    OutgoingEmail.objects.filter(pk=recent.pk).update(status="sent", sent_at=now)
    OutgoingEmail.objects.filter(pk=failed.pk).update(status="failed")
    assert tasks.purge_sent_emails() == 1
    assert sorted(OutgoingEmail.objects.values_list("key", flat=True)) == ["failed", "recent"]


def test_account_change_notice_is_in_the_portals_words():
    """allauth's security notices (sent when ACCOUNT_EMAIL_NOTIFICATIONS is on)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("fr"):
        body = render_to_string(
            "account/email/password_changed_message.txt",
            {"ip": "198.51.100.7", "user_agent": "Firefox", "timestamp": "28/11/2026"},
        )
    assert body.startswith("Bonjour de la part du Portail de la CdP")
    assert "Cette modification a été apportée à votre compte\u00a0:" in body
    assert "Adresse IP\u00a0: 198.51.100.7" in body
