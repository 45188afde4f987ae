from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence import citations, forms, services
from evidence.models import EvidenceItem
from evidence.tests.factories import EvidenceItemFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
IMPORT = reverse("admin:evidence_evidenceitem_import")


@pytest.fixture
def committee_admin(steering):
    steering.is_staff = True
    steering.save(update_fields=["is_staff"])
    return steering


def _upload(client, name, content=None):
    content = (DATA / name).read_bytes() if content is None else content
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content), "area": "curating"})


def _confirm(client, preview):
    payload = preview.context["confirm_form"].initial["payload"]
    return client.post(IMPORT, {"payload": payload})


def test_a_zotero_bibtex_file_imports_as_drafts_curated_by_the_importer(client, committee_admin):
    client.force_login(committee_admin)
    preview = _upload(client, "zotero.bib")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Digital payments to health workers" in html
    assert "Diallo, Amina; Nguéma, François; Müller, Anke" in html
    assert EvidenceItem.objects.count() == 0  # nothing before the confirmation
    response = _confirm(client, preview)
    assert response.status_code == 302
    items = {item.title_en: item for item in EvidenceItem.objects.all()}
    assert len(items) == 2
    guide = items["Digital payments to health workers: a guide for programme managers"]
    assert guide.status == EvidenceItem.Status.DRAFT
    assert guide.kind == EvidenceItem.Kind.POLICY_BRIEF
    assert guide.area == "curating"
    assert guide.authors == "World Health Organization"
    assert guide.year == 2021
    assert guide.curated_by == committee_admin
    assert sorted(tag.name for tag in guide.tags.all()) == ["health workers", "mobile money"]
    study = next(item for item in items.values() if item.doi)
    assert study.doi == "10.1186/s12913-020-05123-4"
    assert study.authors.splitlines() == ["Diallo, Amina", "Nguéma, François", "Müller, Anke"]
    assert "2 drafts created" in client.get(response.url).content.decode()


def test_an_endnote_ris_file_with_bom_and_crlf_imports_as_drafts(client, committee_admin):
    client.force_login(committee_admin)
    _confirm(client, _upload(client, "endnote_bom_crlf.ris"))
    titles = set(EvidenceItem.objects.values_list("title_en", flat=True))
    assert "Délais de paiement des agents de santé communautaires au Burkina Faso" in titles
    ongoing = EvidenceItem.objects.get(kind=EvidenceItem.Kind.ONGOING)
    assert ongoing.authors == "Okello, Joseph"
    assert set(EvidenceItem.objects.values_list("status", flat=True)) == {"draft"}


def test_duplicates_are_flagged_in_the_preview_and_skipped(client, committee_admin):
    EvidenceItemFactory(doi="10.1186/S12913-020-05123-4", title_en="Another title")
    EvidenceItemFactory(
        title_en="Digital payments to health workers — a guide for programme managers",
        year=2021,
    )
    client.force_login(committee_admin)
    preview = _upload(client, "zotero.bib")
    html = preview.content.decode()
    assert "same DOI as an item in the library" in html
    assert "same title and year as an item in the library" in html
    _confirm(client, preview)
    assert EvidenceItem.objects.count() == 2  # the two that were there


def test_a_repeated_record_in_the_file_is_imported_once(client, committee_admin):
    record = (DATA / "zotero.bib").read_text(encoding="utf-8")
    client.force_login(committee_admin)
    preview = _upload(client, "twice.bib", (record + "\n" + record).encode())
    assert "same DOI as record 2 of this file" in preview.content.decode()
    _confirm(client, preview)
    assert EvidenceItem.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "record"), [("malformed.bib", "Record 2 (second2021, line 8)"),
                         ("malformed.ris", "Record 2 (A record whose end was lost, line 7)")]
)  # fmt: skip
def test_a_malformed_file_names_the_record_and_creates_nothing(
    client, committee_admin, name, record
):
    client.force_login(committee_admin)
    response = _upload(client, name)
    assert response.status_code == 400
    assert record in response.content.decode()
    assert EvidenceItem.objects.count() == 0


def test_a_file_over_the_limit_is_refused(client, committee_admin, monkeypatch):
    monkeypatch.setattr(forms, "IMPORT_MAX_BYTES", 100)
    client.force_login(committee_admin)
    response = _upload(client, "zotero.bib")
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()


def test_an_altered_confirmation_creates_nothing(client, committee_admin):
    client.force_login(committee_admin)
    preview = _upload(client, "zotero.bib")
    payload = preview.context["confirm_form"].initial["payload"]
    response = client.post(IMPORT, {"payload": payload[:-3] + "abc"}, follow=True)
    assert "The import expired or was altered" in response.content.decode()
    assert EvidenceItem.objects.count() == 0


def test_the_import_page_is_the_steering_committees_only(role):
    name, client, _person = role
    response = client.get(IMPORT)
    if name == "staff":
        assert response.status_code == 200  # a superuser
    else:
        # Not staff: the admin's own login page (the committee works in admin as staff).
        assert response.status_code == 302
        assert "/login/" in response.url


def test_staff_outside_the_committee_cannot_open_the_import_page(client, db):
    client.force_login(MemberFactory(is_staff=True))
    assert client.get(IMPORT).status_code == 403


def test_the_committee_in_admin_opens_the_import_page(client, committee_admin):
    client.force_login(committee_admin)
    assert client.get(IMPORT).status_code == 200


def test_only_the_committee_sees_the_import_link_in_the_list(client, committee_admin):
    changelist = reverse("admin:evidence_evidenceitem_changelist")
    curator = MemberFactory(is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_evidenceitem"))
    client.force_login(curator)
    response = client.get(changelist)
    assert response.status_code == 200
    assert IMPORT not in response.content.decode()
    client.force_login(committee_admin)
    assert IMPORT in client.get(changelist).content.decode()


def test_the_import_service_refuses_a_moderator(moderator):
    with pytest.raises(PermissionDenied):
        services.items_import(references=[citations.Reference(title="A report")], curator=moderator)
    assert EvidenceItem.objects.count() == 0
