"""The admin shows each run's counts and the deliveries' errors, and re-sends failed ones."""

import pytest
from django.utils import timezone

from digests.models import DigestDelivery, DigestRun
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_with_outcomes():
    run = DigestRun.objects.create(period="2026-W48", cutoff=timezone.now())
    statuses = ["sent", "sent", "skipped_empty", "failed", "pending"]
    for status in statuses:
        DigestDelivery.objects.create(
            run=run,
            member=MemberFactory(),
            status=status,
            error="SMTP 550 mailbox unavailable" if status == "failed" else "",
            sent_at=timezone.now() if status == "sent" else None,
        )
    return run


def test_runs_list_their_counts_per_status(client, staff, run_with_outcomes):
    client.force_login(staff)
    html = client.get("/admin/digests/digestrun/").content.decode()
    assert "2026-W48" in html
    cells = [
        ("field-pending", "1"),
        ("field-sent", "2"),
        ("field-skipped_empty", "1"),
        ("field-skipped", "0"),
        ("field-failed", "1"),
    ]
    for css, value in cells:
        assert f'<td class="{css}">{value}</td>' in html


def test_deliveries_show_their_errors(client, staff, run_with_outcomes):
    client.force_login(staff)
    html = client.get("/admin/digests/digestdelivery/?status__exact=failed").content.decode()
    assert "SMTP 550 mailbox unavailable" in html


def test_members_without_admin_rights_cannot_see_runs(client, member, run_with_outcomes):
    client.force_login(member)
    assert client.get("/admin/digests/digestrun/").status_code == 302


def test_the_resend_action_queues_the_failed_ones_again(
    client, staff, run_with_outcomes, django_capture_on_commit_callbacks
):
    failed = DigestDelivery.objects.get(status="failed")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/digests/digestrun/",
            {"action": "resend_failed", "_selected_action": [run_with_outcomes.pk]},
            follow=True,
        )
    assert "1 failed digest queued again." in response.content.decode()
    # Nothing new for that member since: the retry finds the digest empty and says so.
    failed.refresh_from_db()
    assert (failed.status, failed.error) == ("skipped_empty", "")
