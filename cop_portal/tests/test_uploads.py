import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import path
from django.utils import translation
from PIL import Image

from cop_portal import urls as site_urls
from cop_portal.downloads import serve_upload
from cop_portal.uploads import GeneratedName, original_name, validate_upload
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def image_bytes(size=(400, 300), fmt="JPEG", exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    kwargs = {"exif": exif} if exif else {}
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes of PNG whose header claims width x height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 4096, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def profile_data(member):
    return {
        "display_name": member.display_name,
        "role": member.role,
        "preferred_language": "en",
        "email_notifications": "immediate",
        "email_digest": "on",
        "profile_visibility": "members",
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, member, content: bytes, name="me.jpg", lang="en"):
    data = profile_data(member) | {"avatar": SimpleUploadedFile(name, content, "image/jpeg")}
    return client.post(f"/{lang}/members/me/edit/", data)


def test_avatar_is_resized_and_loses_its_exif(client, media):
    member = MemberFactory()
    client.force_login(member)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    exif[0x8825] = {2: (1.0, 2.0, 3.0)}  # GPS
    response = upload(client, member, image_bytes((1200, 800), exif=exif.tobytes()))
    assert response.status_code == 302
    member.refresh_from_db()
    with Image.open(member.avatar.path) as stored:
        assert stored.size == (256, 256)
        assert dict(stored.getexif()) == {}
    with open(member.avatar.path, "rb") as stored_file:
        assert b"SecretCam" not in stored_file.read()
    html = client.get(member.get_absolute_url()).content.decode()
    assert member.avatar.url in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not an image", "This file is not an image we can read."),
        (image_bytes(fmt="GIF"), "Please upload a JPEG, PNG or WebP image."),
        (image_bytes((10, 10), fmt="PNG"), "The image is too small"),
        (image_bytes((7000, 100), fmt="PNG"), "the largest accepted is 6000×6000"),
    ],
)
def test_bad_avatar_is_refused_and_the_old_one_kept(client, media, content, message):
    member = MemberFactory()
    client.force_login(member)
    assert upload(client, member, image_bytes()).status_code == 302
    member.refresh_from_db()
    old = member.avatar.name
    response = upload(client, member, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    member.refresh_from_db()
    assert member.avatar.name == old


def test_avatar_over_two_megabytes_is_refused(client, media):
    member = MemberFactory()
    client.force_login(member)
    response = upload(client, member, b"\xff\xd8" + b"0" * (2 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert (
        "The image is too large (2.0\xa0MB). The limit is 2.0\xa0MB." in response.content.decode()
    )
    member.refresh_from_db()
    assert not member.avatar


def test_image_bomb_is_refused(client, media):
    # A tiny PNG that claims 30,000 x 30,000 pixels: 900 million pixels once decoded.
    member = MemberFactory()
    client.force_login(member)
    response = upload(client, member, png_claiming(30000, 30000), name="bomb.png")
    assert response.status_code == 400
    assert "This image is too large to open safely." in response.content.decode()
    member.refresh_from_db()
    assert not member.avatar


def test_avatar_error_is_in_french_on_the_french_page(client, media):
    member = MemberFactory()
    client.force_login(member)
    response = upload(client, member, b"not an image", lang="fr")
    assert "Ce fichier n’est pas une image que nous savons lire." in response.content.decode()


# Documents: one validator for every upload.


def zip_bytes(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


OOXML = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def office_bytes(kind: str) -> bytes:
    part, content_type = OOXML[kind]
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" '
        f'ContentType="application/vnd.openxmlformats-officedocument.{content_type}"/>'
        "</Types>"
    ).encode()
    return zip_bytes([("[Content_Types].xml", types), (part, b"<xml/>")])


def odf_bytes(kind: str) -> bytes:
    mimetype = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}[kind]
    return zip_bytes(
        [
            ("mimetype", f"application/vnd.oasis.opendocument.{mimetype}".encode()),
            ("content.xml", b"<office:document-content/>"),
        ],
        stored_first=True,
    )


def pdf_bytes() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def real_file(kind: str) -> bytes:
    if kind == "pdf":
        return pdf_bytes()
    if kind in OOXML:
        return office_bytes(kind)
    if kind in {"odt", "ods", "odp"}:
        return odf_bytes(kind)
    if kind in {"png", "jpeg", "webp"}:
        return image_bytes(fmt={"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}[kind])
    if kind == "csv":
        return "pays;montant\nSénégal;1200\nNépal;800\n".encode()
    return "Compte rendu de l’atelier de Yaoundé\n".encode()


EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "odt": "odt",
    "ods": "ods",
    "odp": "odp",
    "png": "png",
    "jpeg": "jpg",
    "webp": "webp",
    "csv": "csv",
    "txt": "txt",
}


@pytest.mark.parametrize("kind", list(EXTENSIONS))
def test_every_accepted_document_type_is_accepted(kind):
    upload = SimpleUploadedFile(f"rapport.{EXTENSIONS[kind]}", real_file(kind))
    assert validate_upload(upload).code == kind


def refusal(name: str, content: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile(name, content), **kwargs)
    return caught.value


def test_html_named_pdf_is_refused():
    error = refusal("facture.pdf", b"<!doctype html><script>alert(1)</script>")
    assert error.code == "mismatch"
    assert error.messages == [
        "The file “facture.pdf” is not a valid PDF file: its content does not match its name."
    ]


def test_zip_that_is_not_an_office_file_is_refused_as_docx():
    content = zip_bytes([("readme.txt", b"hello"), ("evil.exe", b"MZ")])
    assert refusal("notes.docx", content).code == "mismatch"


def test_zip_claiming_office_without_its_main_part_is_refused():
    content = office_bytes("docx")
    broken = zip_bytes(
        [("[Content_Types].xml", zipfile.ZipFile(io.BytesIO(content)).read("[Content_Types].xml"))]
    )
    assert refusal("notes.docx", broken).code == "mismatch"


def test_spreadsheet_named_as_a_text_document_is_refused():
    assert refusal("budget.docx", office_bytes("xlsx")).code == "mismatch"
    assert refusal("budget.odt", odf_bytes("ods")).code == "mismatch"


def test_png_named_pdf_is_refused():
    assert refusal("scan.pdf", image_bytes(fmt="PNG")).code == "mismatch"


def test_file_over_the_limit_is_refused(settings):
    settings.COP_UPLOAD_MAX_BYTES = 1000
    error = refusal("long.txt", b"a" * 1001)
    assert error.code == "too_large"
    assert error.messages == ["The file is too large (1001\xa0bytes). The limit is 1000\xa0bytes."]


def test_empty_file_is_refused():
    error = refusal("vide.pdf", b"")
    assert error.messages == ["The file “vide.pdf” is empty."]


def test_text_with_nul_bytes_is_refused():
    assert refusal("notes.txt", b"plain\x00text").code == "mismatch"


def test_text_that_is_not_utf8_is_refused():
    assert refusal("notes.csv", "Sénégal".encode("latin-1")).code == "mismatch"


def test_unknown_extension_is_refused_with_the_accepted_list():
    error = refusal("setup.exe", b"MZ\x90\x00")
    assert error.code == "extension"
    assert "PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, PNG, JPEG, WebP, CSV, TXT" in error.messages[0]


def test_refusal_is_in_french_on_french_pages():
    with translation.override("fr"):
        error = refusal("facture.pdf", b"<html></html>")
    assert error.messages == [
        "Le fichier «\xa0facture.pdf\xa0» n’est pas un fichier PDF valide\xa0: "
        "son contenu ne correspond pas à son nom."
    ]


def test_caller_may_narrow_the_accepted_types():
    assert refusal("rapport.pdf", pdf_bytes(), accept={"png"}).code == "extension"


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\amina\\Rapport final.pdf", "Rapport final.pdf"),
        ("Données\x00<script>.pdf", "Données_script_.pdf"),
        ("...", "file"),
        ("a" * 300 + ".docx", "a" * 145 + ".docx"),
    ],
)
def test_original_name_is_sanitised(name, kept):
    assert original_name(name) == kept


def test_stored_name_is_generated_and_keeps_only_a_known_extension():
    name = GeneratedName("documents")(None, "../../Rapport <final>.PDF")
    assert re.fullmatch(r"documents/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", name)
    assert GeneratedName("documents")(None, "x.exe").endswith(".bin")
    assert GeneratedName("documents") == GeneratedName("documents")


# The download helper, through a test-only URLconf.


def download_view(request, allowed: str):
    stored = ContentFile("Sénégal;1200\n".encode(), name="ignored.csv")
    return serve_upload(
        request, file=stored, name="Paiements Sénégal 2026.csv", allowed=allowed == "yes"
    )


# The site's own URLs too, for the login page and the 404 template.
urlpatterns = [path("download/<str:allowed>/", download_view), *site_urls.urlpatterns]


@pytest.mark.urls("cop_portal.tests.test_uploads")
def test_download_is_an_attachment_under_its_original_name(client, member):
    client.force_login(member)
    response = client.get("/download/yes/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="Paiements S_n_gal 2026.csv"; '
        "filename*=UTF-8''Paiements%20S%C3%A9n%C3%A9gal%202026.csv"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == "Sénégal;1200\n".encode()


@pytest.mark.urls("cop_portal.tests.test_uploads")
def test_download_refused_to_a_member_is_not_found(client, member):
    client.force_login(member)
    response = client.get("/download/no/")
    assert response.status_code == 404
    assert "Sénégal" not in response.content.decode()


@pytest.mark.urls("cop_portal.tests.test_uploads")
def test_download_refused_to_a_visitor_asks_them_to_log_in(client):
    response = client.get("/download/no/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/download/no/"
