import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from cop_portal.models import OutgoingEmail
from evidence import services
from evidence.models import EvidenceItem, StatusChange
from evidence.tests.factories import in_status
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = EvidenceItem.Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_steering_committee_publishes_and_the_change_is_recorded(steering):
    item = in_status(Status.REVIEW)
    services.item_publish(item=item, by=steering)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.published_at is not None
    change = StatusChange.objects.get(item=item)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "review",
        "published",
        steering,
    )


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.ARCHIVED])
def test_staff_outside_the_steering_committee_cannot_publish_or_archive(status):
    clerk = MemberFactory(is_staff=True)
    item = in_status(Status.REVIEW)
    with pytest.raises(PermissionDenied):
        services.item_change_status(item=item, status=status, by=clerk)
    item.refresh_from_db()
    assert item.status == Status.REVIEW
    assert not StatusChange.objects.exists()


def test_staff_may_send_to_review():
    clerk = MemberFactory(is_staff=True)
    item = in_status(Status.DRAFT)
    services.item_send_to_review(item=item, by=clerk)
    item.refresh_from_db()
    assert item.status == Status.REVIEW


def test_a_member_cannot_change_a_status(member):
    item = in_status(Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.item_send_to_review(item=item, by=member)


def test_a_bulk_publish_refused_on_one_item_changes_none():
    clerk = MemberFactory(is_staff=True)
    items = [in_status(Status.DRAFT), in_status(Status.REVIEW)]
    with pytest.raises(PermissionDenied):
        services.items_change_status(
            items=EvidenceItem.objects.all(), status=Status.PUBLISHED, by=clerk
        )
    assert sorted(EvidenceItem.objects.values_list("status", flat=True)) == sorted(
        i.status for i in items
    )


def test_suggestion_arrives_in_review_credited_and_suggester_is_told_on_publication(
    member, steering, django_capture_on_commit_callbacks
):
    item = services.item_suggest(
        member=member,
        title="Cash or mobile money for vaccinators",
        area="mapping",
        url="https://example.org/report",
        countries=["CM"],
        note="Seen at the Yaoundé meeting",
    )
    item.refresh_from_db()
    assert (item.status, item.suggested_by) == (Status.REVIEW, member)
    assert OutgoingEmail.objects.count() == 0
    services.item_publish(item=item, by=steering)
    mail = OutgoingEmail.objects.get()
    assert mail.recipient == member.email
    assert "Cash or mobile money for vaccinators" in mail.body_text
    # Publishing again after archiving does not tell the suggester twice.
    services.item_archive(item=item, by=steering)
    services.item_publish(item=item, by=steering)
    assert OutgoingEmail.objects.count() == 1


def test_a_suggested_file_is_stored_under_a_generated_name_keeping_the_original(member):
    upload = SimpleUploadedFile("Rapport final.pdf", PDF, content_type="application/pdf")
    item = services.item_suggest(member=member, title="A report", area="curating", upload=upload)
    assert item.file_name == "Rapport final.pdf"
    assert item.file_type == "pdf"
    assert item.file_size == len(PDF)
    assert "Rapport" not in item.file.name
    assert item.file.name.startswith("evidence/")
