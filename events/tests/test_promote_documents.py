"""Issue 18 item 7: a document can be promoted to the evidence library as a presentation
item: from the documents' admin, by the Steering committee and staff, once, linking back.
Events and evidence meet through cop_portal.promotions, neither importing the other."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from cop_portal.tests.test_uploads import pdf_bytes
from events import services
from events.models import Document
from events.tests.factories import DocumentFactory, EventFactory
from evidence.models import EvidenceItem
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:events_document_changelist")


@pytest.fixture
def committee_admin(steering):
    steering.is_staff = True
    steering.save(update_fields=["is_staff"])
    return steering


def _event(**kwargs):
    event = EventFactory(
        title_en="PartnerHack workshop 2", area="networking", slug="ph-2", **kwargs
    )
    event.tags.set(["FHIR", "openIMIS"])
    return event


def _pdf_document(event, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    document = DocumentFactory.build(event=event, link="", title="FHIR in openIMIS",
                                     file_name="fhir.pdf")  # fmt: skip
    content = pdf_bytes()
    document.file.save("fhir.pdf", ContentFile(content), save=False)
    document.file_size = len(content)
    document.save()
    return document


def _promote(client, documents):
    return client.post(
        CHANGELIST,
        {"action": "promote_to_library", "_selected_action": [d.pk for d in documents]},
        follow=True,
    )


def test_steering_committee_promotes_a_file_as_a_draft_presentation(
    client, committee_admin, tmp_path, settings
):
    event = _event()
    document = _pdf_document(event, tmp_path, settings)
    client.force_login(committee_admin)
    response = _promote(client, [document])
    assert "1 document is now a draft in the evidence library." in response.content.decode()
    item = EvidenceItem.objects.get()
    assert item.title == "FHIR in openIMIS"
    assert item.kind == EvidenceItem.Kind.PRESENTATION
    assert item.status == EvidenceItem.Status.DRAFT
    assert item.year == event.starts_at.year and item.area == "networking"
    assert sorted(t.name for t in item.tags.all()) == ["FHIR", "openIMIS"]
    assert "PartnerHack workshop 2" in item.summary_en
    assert item.file_name == "fhir.pdf" and item.file_type == "pdf"
    assert item.file.read() == pdf_bytes()
    assert item.origin_url.endswith(event.get_absolute_url())
    assert item.curated_by == committee_admin
    document.refresh_from_db()
    assert document.library_url == item.get_absolute_url()


def test_promoting_twice_makes_one_item(client, staff):
    document = DocumentFactory(event=_event(), title="Slides", link="https://ex.org/s.pdf")
    client.force_login(staff)
    _promote(client, [document])
    response = _promote(client, [document])
    assert "0 documents are now drafts" in response.content.decode()
    assert services.document_promote(document=document, by=staff) == (
        EvidenceItem.objects.get().get_absolute_url()
    )
    # Even when the link back was lost, the library finds the item it made.
    Document.objects.filter(pk=document.pk).update(library_url="")
    services.document_promote(document=document, by=staff)
    item = EvidenceItem.objects.get()
    assert item.url == "https://ex.org/s.pdf"


@pytest.mark.parametrize("who", ["member", "moderator", "pending", "steering"])
def test_others_cannot_promote(who, request):
    person = request.getfixturevalue(who)
    document = DocumentFactory(event=_event())
    if who != "steering":
        with pytest.raises(PermissionDenied):
            services.document_promote(document=document, by=person)
        assert EvidenceItem.objects.count() == 0
    else:
        services.document_promote(document=document, by=person)
        assert EvidenceItem.objects.count() == 1


@pytest.mark.parametrize("who", ["visitor", "member", "moderator", "pending", "steering"])
def test_the_documents_admin_is_closed_to_those_outside_admin(client, who, request):
    document = DocumentFactory(event=_event())
    if who != "visitor":
        client.force_login(request.getfixturevalue(who))
    response = _promote(client, [document])
    assert response.redirect_chain and "/admin/login/" in response.redirect_chain[-1][0]
    assert EvidenceItem.objects.count() == 0


def test_staff_outside_the_committee_without_superuser_rights_can_promote(client):
    from django.contrib.auth.models import Permission

    clerk = MemberFactory(is_staff=True, is_superuser=False)
    clerk.user_permissions.add(Permission.objects.get(codename="view_document"))
    document = DocumentFactory(event=_event())
    client.force_login(clerk)
    _promote(client, [document])
    assert EvidenceItem.objects.count() == 1


def test_the_event_page_shows_the_library_card_once_the_item_is_published(client, member, staff):
    event = _event()
    document = DocumentFactory(event=event, title="Slides", link="https://ex.org/s.pdf")
    services.document_promote(document=document, by=staff)
    client.force_login(member)
    detail = reverse("events:event-detail", args=[event.slug])
    assert "evidence-link-card" not in client.get(detail).content.decode()  # a draft
    from evidence.services import item_publish

    steering = MemberFactory(is_superuser=True)
    item_publish(item=EvidenceItem.objects.get(), by=steering)
    html = client.get(detail).content.decode()
    assert "evidence-link-card" in html and "Presentation" in html
    item_html = client.get(EvidenceItem.objects.get().get_absolute_url()).content.decode()
    assert "Presented at" in item_html and event.get_absolute_url() in item_html
