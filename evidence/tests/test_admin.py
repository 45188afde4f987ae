import pytest
from django.urls import reverse

from evidence import services
from evidence.models import EvidenceItem
from evidence.tests.factories import in_status
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = EvidenceItem.Status
CHANGELIST = reverse("admin:evidence_evidenceitem_changelist")


@pytest.fixture
def committee_admin(steering):
    steering.is_staff = True
    steering.save(update_fields=["is_staff"])
    return steering


def _bulk(client, action, items):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [item.pk for item in items]}
    )


def test_steering_committee_publishes_in_bulk_from_admin(client, committee_admin):
    items = [in_status(Status.REVIEW), in_status(Status.REVIEW)]
    client.force_login(committee_admin)
    response = _bulk(client, "make_published", items)
    assert response.status_code == 302
    assert set(EvidenceItem.objects.values_list("status", flat=True)) == {"published"}


def test_staff_outside_the_committee_cannot_publish_from_admin(client):
    clerk = MemberFactory(is_staff=True, is_superuser=False)
    clerk.user_permissions.add(*_evidence_permissions())
    items = [in_status(Status.REVIEW)]
    client.force_login(clerk)
    response = _bulk(client, "make_published", items)
    assert response.status_code == 302
    assert EvidenceItem.objects.get().status == Status.REVIEW
    page = client.get(CHANGELIST).content.decode()
    assert "Only the Steering committee may publish or archive evidence." in page


def _evidence_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="evidence")


def test_item_admin_page_shows_who_changed_the_status_and_when(client, committee_admin):
    item = in_status(Status.DRAFT)
    services.item_send_to_review(item=item, by=committee_admin)
    client.force_login(committee_admin)
    html = client.get(reverse("admin:evidence_evidenceitem_change", args=[item.pk])).content
    html = html.decode()
    assert "Status history" in html
    assert "Grace Nkemelu" in html
    assert "In review" in html


def test_missing_french_filter_lists_items_without_a_french_title(client, committee_admin):
    in_status(Status.DRAFT, title_en="English only", title_fr="")
    in_status(Status.DRAFT, title_en="Both", title_fr="Les deux")
    client.force_login(committee_admin)
    html = client.get(CHANGELIST, {"missing": "fr"}).content.decode()
    assert "English only" in html and ">Both<" not in html


def test_review_queue_lists_items_in_review(client, committee_admin):
    in_status(Status.REVIEW, title_en="Waiting for review")
    in_status(Status.PUBLISHED, title_en="Already out")
    client.force_login(committee_admin)
    html = client.get(reverse("admin:evidence_iteminreview_changelist")).content.decode()
    assert "Waiting for review" in html and "Already out" not in html


def test_an_invalid_doi_and_a_future_year_are_refused_in_admin(client, committee_admin):
    client.force_login(committee_admin)
    response = client.post(
        reverse("admin:evidence_evidenceitem_add"),
        {"title_en": "A study", "area": "curating", "kind": "research_study",
         "doi": "not-a-doi", "year": "2999", "quality": "not_appraised",
         "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a DOI such as 10.1234/abc-123" in html
    assert "The year 2999 is in the future" in html
    assert not EvidenceItem.objects.exists()


def test_admin_accepts_a_doi_pasted_as_a_link(client, committee_admin):
    client.force_login(committee_admin)
    response = client.post(
        reverse("admin:evidence_evidenceitem_add"),
        {"title_en": "A study", "area": "curating", "kind": "research_study",
         "doi": "https://doi.org/10.1016/j.test.2020.01", "year": "2020",
         "quality": "not_appraised", "document_languages": ["en", "fr"],
         "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert (item.doi, item.languages, item.status) == ("10.1016/j.test.2020.01", ",en,fr,", "draft")
    assert item.curated_by == committee_admin


def test_admin_upload_goes_through_the_shared_validator(client, committee_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.tests.test_services import PDF

    client.force_login(committee_admin)
    data = {"title_en": "With a file", "area": "curating", "kind": "report",
            "quality": "not_appraised",
            "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0"}  # fmt: skip
    bad = client.post(
        reverse("admin:evidence_evidenceitem_add"),
        {**data, "upload": SimpleUploadedFile("notes.exe", b"MZ")},
    )
    assert bad.status_code == 200
    assert "Files of this type are not accepted" in bad.content.decode()
    good = client.post(
        reverse("admin:evidence_evidenceitem_add"),
        {**data, "upload": SimpleUploadedFile("Synthèse.pdf", PDF)},
    )
    assert good.status_code == 302
    item = EvidenceItem.objects.get()
    assert (item.file_name, item.file_type, item.file_size) == ("Synthèse.pdf", "pdf", len(PDF))
