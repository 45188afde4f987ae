"""`manage.py send_digests` from the shell."""

import pytest
from django.core.management import CommandError, call_command

from digests.models import DigestDelivery
from digests.tests.helpers import watcher_with_news

pytestmark = pytest.mark.django_db


def test_dry_run_shows_what_would_go_and_sends_nothing(mailoutbox, capsys):
    member, _topic = watcher_with_news()
    call_command("send_digests", "--period", "2026-W48", "--dry-run", "--member", member.email)
    out = capsys.readouterr().out
    assert f"To: {member.email}" in out
    assert "1 new reply in a topic you follow" in out
    assert "2026-W48 (dry run): 1 would send, 0 nothing new, 0 not sendable" in out
    assert mailoutbox == []
    assert not DigestDelivery.objects.exists()


def test_the_command_sends_the_period_once(mailoutbox, capsys, django_capture_on_commit_callbacks):
    member, _topic = watcher_with_news()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--period", "2026-W48", "--member", member.email)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--period", "2026-W48", "--member", member.email)
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert capsys.readouterr().out.splitlines() == [
        "2026-W48: 1 members queued in chunks.",
        "2026-W48: 0 members queued in chunks.",
    ]


@pytest.mark.parametrize("period", ["2026-48", "2026-W54", "next week"])
def test_a_period_that_is_not_an_iso_week_is_refused(period):
    with pytest.raises(CommandError, match="is not an ISO week"):
        call_command("send_digests", "--period", period)


def test_an_unknown_member_is_refused(db):
    with pytest.raises(CommandError, match="No member has the address"):
        call_command("send_digests", "--member", "nobody@example.org")
