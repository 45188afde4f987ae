"""Hostile upload names: what a download offers and a page shows must read as what the file is."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cop_portal.downloads import content_disposition
from cop_portal.uploads import original_name, validate_upload


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        # U+202E turns "report\u202Efdp.exe" into "reportexe.pdf" on screen.
        ("report\u202efdp.exe", "report_fdp.exe"),
        ("a\u2066b\u2069.pdf", "a_b_.pdf"),
        ("a\u200bb.pdf", "a_b.pdf"),
        ("a\x85b\x9b.pdf", "a_b_.pdf"),
        ("\ufeffnotes.txt", "_notes.txt"),
    ],
)
def test_original_name_drops_bidi_overrides_and_invisible_characters(name, kept):
    assert original_name(name) == kept


def test_download_name_never_carries_a_right_to_left_override():
    header = content_disposition("invoice\u202efdp.exe")
    assert "%E2%80%AE" not in header
    assert "\u202e" not in header
    assert "invoice_fdp.exe" in header


def _docx_with_padding(entries: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(entries):
            archive.writestr(f"{n}", b"")
    return buffer.getvalue()


CONTENT_TYPES = (
    '<Types><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def test_a_docx_padded_with_a_hundred_thousand_entries_is_refused_quickly():
    upload = SimpleUploadedFile("minutes.docx", _docx_with_padding(100_000))
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload)
    assert time.perf_counter() - started < 0.5
    assert refused.value.code == "mismatch"


def test_a_docx_with_a_few_parts_is_still_accepted():
    upload = SimpleUploadedFile("minutes.docx", _docx_with_padding(20))
    assert validate_upload(upload).code == "docx"
