"""Every email the portal writes can be stopped: the footer with the member's preferences
and a one-click unsubscribe link, and the List-Unsubscribe headers (RFC 2369, RFC 8058)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from cop_portal.services import contact_message_send
from discussions.tests.factories import make_reply, make_topic
from events import services as event_services
from events.models import Event
from events.tests.factories import EventFactory
from evidence import services as evidence_services
from evidence.models import EvidenceItem
from evidence.tests.factories import in_status
from members import services as member_services
from members.tests.factories import MemberFactory, SteeringMemberFactory

EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"


def _templates() -> list[Path]:
    return sorted(p for p in EMAILS.iterdir() if p.is_dir() and p.name != "includes")


FOOTER_TXT = re.compile(r'\{% include "emails/includes/footer\.txt"( with [^%]*)? %\}')
FOOTER_HTML = re.compile(r'\{% include "emails/includes/footer\.html"( with [^%]*)? %\}')


@pytest.mark.parametrize("folder", _templates(), ids=lambda p: p.name)
def test_every_email_template_ends_with_the_shared_footer(folder):
    assert FOOTER_TXT.search((folder / "body.txt").read_text())
    html = folder / "body.html"
    if html.exists():
        assert FOOTER_HTML.search(html.read_text())


def _membership_approved(member):
    member_services.members_approve(members=[member])


def _membership_declined(member):
    member_services.members_decline(members=[member])


def _discussion_notification(member):
    make_reply(topic=make_topic(author=member), body="A reply to your question.")


def _event_registered(member):
    member.approval = "approved"
    member.save(update_fields=["approval"])
    event = EventFactory(status=Event.Status.OPEN)
    event_services.event_register(event=event, member=member)


def _evidence_published(member):
    item = in_status(EvidenceItem.Status.REVIEW, suggested_by=member)
    evidence_services.item_publish(item=item, by=SteeringMemberFactory())


TO_MEMBERS = {
    "membership_approved": _membership_approved,
    "membership_declined": _membership_declined,
    "discussion_notification": _discussion_notification,
    "evidence_published": _evidence_published,
    "event_registered": _event_registered,
}
# The contact form writes to the steering committee's inbox about someone else's message:
# there is no list to leave, so no List-Unsubscribe; the footer says how to answer.
NOT_TO_A_LIST = {"contact"}


def test_every_email_template_is_checked_here():
    assert {p.name for p in _templates()} - NOT_TO_A_LIST - set(TO_MEMBERS) <= {
        # The weekly digest (its own app) tests its own messages.
        "digest"
    }


@pytest.mark.django_db
@pytest.mark.parametrize("template", sorted(TO_MEMBERS))
@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_email_to_a_member_carries_unsubscribe_headers_and_footer(
    settings, mailoutbox, django_capture_on_commit_callbacks, template, language
):
    settings.SITE_URL = "https://cop.example.org"
    settings.COP_EMAIL_DOMAIN = ""
    member = MemberFactory(preferred_language=language, approval="pending")
    with django_capture_on_commit_callbacks(execute=True):
        TO_MEMBERS[template](member)
    [email] = [m for m in mailoutbox if m.to == [member.email]]
    message = email.message()
    url, mailto = message["List-Unsubscribe"].split(", ")
    assert url.startswith(f"<https://cop.example.org/{language}/digest/unsubscribe/")
    assert mailto.startswith("<mailto:unsubscribe@")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].endswith("@cop.example.org>")
    assert "\n-- \n" in email.body
    assert url.strip("<>") in email.body
    assert f"https://cop.example.org/{language}/members/me/edit/#id_email_notifications" in (
        email.body
    )
    for html, kind in email.alternatives:
        assert kind == "text/html"
        assert f'href="{url.strip("<>")}"' in html


@pytest.mark.django_db
def test_contact_email_ends_with_the_footer_and_a_real_message_id(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cop.example.org"
    SteeringMemberFactory(email="amina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        contact_message_send(name="Kofi", email="kofi@example.org", subject="Hi", message="Hello")
    [email] = mailoutbox
    assert "\n-- \nReply to this email to answer them." in email.body
    assert email.message()["Message-ID"].endswith("@cop.example.org>")


@pytest.mark.django_db
@pytest.mark.skipif(
    not shutil.which("spamassassin"),
    reason="spamassassin is not installed (Debian: apt-get install spamassassin)",
)
def test_every_email_scores_low_with_spamassassins_local_rules(
    settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    """Each email as it leaves, in both languages, through Debian's SpamAssassin with its
    local rules only (-L: no network tests, no DNS lists)."""
    settings.SITE_URL = "https://cop.example.org"
    for language in ("en", "fr"):
        for produce in TO_MEMBERS.values():
            member = MemberFactory(preferred_language=language, approval="pending")
            with django_capture_on_commit_callbacks(execute=True):
                produce(member)
    mbox = tmp_path / "outgoing.mbox"
    with mbox.open("wb") as out:
        for email in mailoutbox:
            out.write(b"From cop@example.org Sun Nov 29 00:00:00 2026\n")
            out.write(email.message().as_bytes().replace(b"\nFrom ", b"\n>From ") + b"\n\n")
    result = subprocess.run(
        ["spamassassin", "-L", "-t", "--mbox", str(mbox)],
        capture_output=True,
        env={"HOME": str(tmp_path), "PATH": os.environ.get("PATH", "")},
        timeout=120,
        check=True,
    )
    scores = [
        float(s) for s in re.findall(rb"^X-Spam-Status: \w+, score=(-?[\d.]+)", result.stdout, re.M)
    ]
    assert len(scores) == len(mailoutbox) >= 8
    print("spamassassin scores:", scores)
    assert max(scores) < 1.0, result.stdout.decode(errors="replace")[-3000:]
