"""A run sends each member with news one digest, in their language, and records the rest."""

import pytest
from django.utils import timezone

from cop_portal.models import OutgoingEmail
from digests import services
from digests.models import DigestDelivery, DigestRun
from digests.tests.helpers import run_period, watcher_with_news
from members.models import Member
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def deliveries(member):
    return list(DigestDelivery.objects.filter(member=member).values_list("status", flat=True))


def test_a_watcher_gets_one_digest_with_counts_and_absolute_links(
    mailoutbox, django_capture_on_commit_callbacks
):
    member, topic = watcher_with_news()
    mailoutbox.clear()
    run_period(capture=django_capture_on_commit_callbacks)
    [message] = [m for m in mailoutbox if m.to == [member.email]]
    assert message.subject == "[CoP] Your weekly digest: 1 new item for you"
    assert "1 new reply in a topic you follow" in message.body
    assert "Kwame Asante: M-Pesa works." in message.body
    assert f"http://127.0.0.1:8000/en/rooms/{topic.room.slug}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert len(html.encode()) < 60_000
    assert "<img" not in html and "<style" not in html and "<script" not in html
    assert 'href="/' not in html  # every link absolute
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert "Unsubscribe in one click" in html
    assert deliveries(member) == ["sent"]


def test_a_french_member_reads_the_digest_in_french(mailoutbox, django_capture_on_commit_callbacks):
    member, topic = watcher_with_news(language="fr")
    run_period(capture=django_capture_on_commit_callbacks)
    [message] = [m for m in mailoutbox if m.to == [member.email]]
    # French typography survives the subject line: a no-break space before the colon.
    assert message.subject.startswith("[CdP] Votre résumé hebdomadaire")
    assert message.subject.endswith("\u00a0: 1 nouveauté pour vous")
    assert "1 nouvelle réponse dans un sujet que vous suivez" in message.body
    assert topic.room.name_fr in message.body  # the room's French name
    assert "http://127.0.0.1:8000/fr/rooms/" in message.body


def test_a_language_the_portal_does_not_speak_falls_back_to_english(
    mailoutbox, django_capture_on_commit_callbacks
):
    member, _topic = watcher_with_news()
    Member.objects.filter(pk=member.pk).update(preferred_language="pt")
    run_period(capture=django_capture_on_commit_callbacks)
    [message] = [m for m in mailoutbox if m.to == [member.email]]
    assert "1 new reply in a topic you follow" in message.body
    assert deliveries(member) == ["sent"]


def test_running_the_period_again_sends_nothing_twice(
    mailoutbox, django_capture_on_commit_callbacks
):
    watcher_with_news()
    run_period(capture=django_capture_on_commit_callbacks)
    sent = len(mailoutbox)
    assert sent == 2  # the watcher and the topic's author, told of the reply
    _run, queued = run_period(capture=django_capture_on_commit_callbacks)
    assert queued == 0
    assert len(mailoutbox) == sent
    assert DigestRun.objects.count() == 1


def test_members_with_nothing_new_get_no_email(mailoutbox, django_capture_on_commit_callbacks):
    quiet = MemberFactory()
    run_period(capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert deliveries(quiet) == ["skipped_empty"]


def test_digest_off_and_deactivated_members_are_not_in_the_run(
    mailoutbox, django_capture_on_commit_callbacks
):
    off, _topic = watcher_with_news()
    gone, _topic = watcher_with_news()
    Member.objects.filter(pk=off.pk).update(email_digest=False)
    Member.objects.filter(pk=gone.pk).update(is_active=False)
    run_period(capture=django_capture_on_commit_callbacks)
    assert not {off.email, gone.email} & {m.to[0] for m in mailoutbox}
    assert deliveries(off) == deliveries(gone) == []


def test_a_member_deactivated_or_unverified_after_selection_is_recorded_not_sent(
    mailoutbox,
):
    gone, _topic = watcher_with_news()
    unverified, _topic = watcher_with_news()
    run, _queued = services.digest_run_start(period="2026-W48")  # chunks not run yet
    Member.objects.filter(pk=gone.pk).update(is_active=False)
    unverified.emailaddress_set.update(verified=False)
    services.digest_chunk_send(run_id=run.pk, member_ids=[gone.pk, unverified.pk])
    assert mailoutbox == []
    assert dict(DigestDelivery.objects.values_list("member__email", "error")) == {
        gone.email: "account deactivated",
        unverified.email: "no verified email address",
    }


def test_a_member_erased_between_selection_and_sending_does_not_stop_the_chunk(mailoutbox):
    erased, _topic = watcher_with_news()
    kept, _topic = watcher_with_news()
    run, _queued = services.digest_run_start(period="2026-W48")
    erased_pk = erased.pk
    erased.delete()
    result = services.digest_chunk_send(run_id=run.pk, member_ids=[erased_pk, kept.pk])
    assert result.sent == 1
    assert [m.to for m in mailoutbox] == [[kept.email]]


def test_a_failed_delivery_is_sent_by_the_rerun(mailoutbox, django_capture_on_commit_callbacks):
    member, _topic = watcher_with_news()
    run = DigestRun.objects.create(period="2026-W48", cutoff=timezone.now())
    services.digest_chunk_send(run_id=run.pk, member_ids=[member.pk])
    delivery = DigestDelivery.objects.get(member=member)
    OutgoingEmail.objects.filter(pk=delivery.email_id).update(
        status="failed", sent_at=None, last_error="SMTP down"
    )
    delivery.status = "failed"
    delivery.save(update_fields=["status"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.digest_deliveries_resend_failed(run=run)
    assert count == 1
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert deliveries(member) == ["sent"]
