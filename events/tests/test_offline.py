import io
import zipfile

import pytest
from django.http import FileResponse
from django.utils import translation

from events.offline import (
    OfflineCopyTooLarge,
    OfflineDocument,
    archive_name,
    archive_names,
    build_offline_zip,
    offline_page,
)

PAGE = offline_page(
    title="Implementers’ call, 16 September 2020",
    body_html="<h1>Implementers’ call</h1><p>Notes and slides.</p>",
    lang="en",
    source_url="https://cop.example.org/en/events/12/",
)
MB = 1024 * 1024


def open_zip(file) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(file.read()))
    assert archive.testzip() is None
    return archive


def opener(content: bytes):
    """What a FieldFile gives: a callable that opens a binary stream, tracked for closing."""
    streams = []

    def open_stream():
        stream = io.BytesIO(content)
        streams.append(stream)
        return stream

    open_stream.streams = streams
    return open_stream


def test_zip_holds_the_page_and_the_documents():
    slides = b"%PDF-1.7 slides" * 1000
    notes = "Q&A de l’appel\n".encode()
    pdf = opener(slides)
    archive = open_zip(
        build_offline_zip(
            html=PAGE,
            documents=[
                OfflineDocument("Slides – BEPHA.pdf", pdf, len(slides)),
                ("Notes de l’appel.txt", notes, len(notes)),
            ],
            max_bytes=10 * MB,
        )
    )
    assert archive.namelist() == [
        "index.html",
        "documents/Slides – BEPHA.pdf",
        "documents/Notes de l’appel.txt",
    ]
    assert archive.read("index.html").decode() == PAGE
    assert archive.read("documents/Slides – BEPHA.pdf") == slides
    assert archive.read("documents/Notes de l’appel.txt") == notes
    assert all(stream.closed for stream in pdf.streams)


def test_already_compressed_files_are_stored_and_text_is_deflated():
    archive = open_zip(
        build_offline_zip(
            html=PAGE,
            documents=[("a.pdf", b"x" * 5000, 5000), ("b.txt", b"y" * 5000, 5000)],
            max_bytes=MB,
        )
    )
    assert archive.getinfo("documents/a.pdf").compress_type == zipfile.ZIP_STORED
    assert archive.getinfo("documents/b.txt").compress_type == zipfile.ZIP_DEFLATED
    assert archive.getinfo("index.html").compress_type == zipfile.ZIP_DEFLATED


@pytest.mark.parametrize(
    ("hostile", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("/etc/shadow", "shadow"),
        ("C:\\x.pdf", "x.pdf"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        ("report\x00.pdf.exe", "report_.pdf.exe"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("\u2066slides\u2069.pdf", "slides.pdf"),
        ("..", "file"),
        ("", "file"),
        ("CON.txt", "_CON.txt"),
        ("nul", "_nul"),
        ("Compte rendu – réunion de Yaoundé.pdf", "Compte rendu – réunion de Yaoundé.pdf"),
        ("ملاحظات الاجتماع.pdf", "ملاحظات الاجتماع.pdf"),
        ("e\u0301te\u0301.txt", "été.txt"),
    ],
)
def test_archive_name_keeps_a_plain_file_name(hostile, safe):
    assert archive_name(hostile) == safe


def test_hostile_names_land_inside_the_documents_folder():
    documents = [
        ("../../etc/passwd", b"root", 4),
        ("C:\\x.pdf", b"%PDF", 4),
        ("invoice\u202egpj.exe", b"MZ", 2),
        ("a\x00b.txt", b"nul", 3),
    ]
    archive = open_zip(build_offline_zip(html=PAGE, documents=documents, max_bytes=MB))
    names = archive.namelist()
    assert names == [
        "index.html",
        "documents/passwd",
        "documents/x.pdf",
        "documents/invoicegpj.exe",
        "documents/a_b.txt",
    ]
    for name in names:
        assert not name.startswith("/") and ".." not in name.split("/")
        assert "\\" not in name and ":" not in name and "\x00" not in name


def test_duplicate_names_are_numbered_before_the_extension():
    names = ["slides.pdf", "Slides.PDF", "slides.pdf", "folder/slides.pdf", "notes", "notes"]
    assert archive_names(names) == [
        "slides.pdf",
        "Slides (2).PDF",
        "slides (3).pdf",
        "slides (4).pdf",
        "notes",
        "notes (2)",
    ]
    documents = [(name, name.encode(), len(name)) for name in names]
    archive = open_zip(build_offline_zip(html=PAGE, documents=documents, max_bytes=MB))
    assert archive.read("documents/slides (4).pdf") == b"folder/slides.pdf"
    assert len(set(archive.namelist())) == len(names) + 1


def test_record_over_the_budget_is_refused_before_reading_anything():
    big = opener(b"x")
    with pytest.raises(OfflineCopyTooLarge) as refused:
        build_offline_zip(
            html=PAGE, documents=[("recording.mp4", big, 300 * MB)], max_bytes=200 * MB
        )
    assert big.streams == []
    assert refused.value.limit == 200 * MB
    assert str(refused.value) == (
        "This record is too large to download as one file (300.0\xa0MB; the limit is "
        "200.0\xa0MB). Download its documents one by one instead."
    )


def test_document_larger_than_declared_is_caught_while_reading():
    liar = opener(b"x" * 5000)
    with pytest.raises(OfflineCopyTooLarge):
        build_offline_zip(html=PAGE, documents=[("small.pdf", liar, 10)], max_bytes=4000)
    assert all(stream.closed for stream in liar.streams)


def test_record_exactly_at_the_budget_is_accepted():
    size = len(PAGE.encode()) + 100
    archive = open_zip(
        build_offline_zip(html=PAGE, documents=[("a.txt", b"a" * 100, 100)], max_bytes=size)
    )
    assert archive.read("documents/a.txt") == b"a" * 100


def test_budget_message_is_in_french():
    documents = [("a.pdf", opener(b""), 3 * MB)]
    with translation.override("fr"), pytest.raises(OfflineCopyTooLarge) as refused:
        build_offline_zip(html=PAGE, documents=documents, max_bytes=2 * MB)
    assert str(refused.value).startswith("Ce compte rendu est trop volumineux")


def test_zip_is_served_as_a_download():
    response = FileResponse(
        build_offline_zip(html=PAGE, documents=[("a.txt", b"abc", 3)], max_bytes=MB),
        as_attachment=True,
        filename="implementers-call.zip",
    )
    body = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(body)
    assert zipfile.ZipFile(io.BytesIO(body)).read("documents/a.txt") == b"abc"


def test_offline_page_has_no_external_reference():
    page = offline_page(
        title="<script>alert(1)</script> Réunion",
        body_html=(
            '<h1 class="title">Réunion</h1>'
            '<script src="https://cdn.example.com/x.js"></script>'
            '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
            '<img src="https://tracker.example.com/pixel.gif" alt="pixel">'
            '<img src="documents/whiteboard.png" alt="Tableau blanc">'
            '<iframe src="https://meet.example.com/room"></iframe>'
            '<p style="background:url(https://x.example.com/a.png)">Texte</p>'
            '<a href="https://cop.example.org/fr/events/3/">Page en ligne</a>'
            '<a href="javascript:alert(1)">piège</a>'
        ),
        lang="fr",
    )
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; Réunion</title>" in page
    for external in ("cdn.example.com", "tracker.example.com", "meet.example.com", "x.example.com"):
        assert external not in page
    assert "<script" not in page and "<iframe" not in page and "javascript:" not in page
    assert 'src="documents/whiteboard.png"' in page
    assert 'href="https://cop.example.org/fr/events/3/"' in page
    assert '<h1 class="title">Réunion</h1>' in page


def test_offline_page_names_its_source():
    assert (
        '<p class="offline-source">Offline copy of '
        '<a href="https://cop.example.org/en/events/12/">https://cop.example.org/en/events/12/</a>'
        "</p>"
    ) in PAGE
