"""The offline copy of an event record: one zip holding `index.html` (the event page as
plain, self-contained HTML) and the event's documents under `documents/`, for reading
without a connection or passing on by USB stick or a messaging app.

Names inside the zip come from uploaders, so each is cut down to a plain file name (no
folders, drive letters, control or bidirectional-override characters, no Windows device
names), Unicode kept, and made unique (case-insensitively, as Windows and macOS disks
compare names). The zip is refused, with a message for the member, before it outgrows the
size budget. Nothing here touches the database: the view passes the page and the files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from tempfile import SpooledTemporaryFile
from typing import IO, NamedTuple

import nh3
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cop_portal.uploads import original_name

DOCUMENTS_FOLDER = "documents"
CHUNK_SIZE = 1024 * 1024
# Kept in memory up to this size, then spooled to a temporary file on disk.
SPOOL_MAX_SIZE = 16 * 1024 * 1024
# Already compressed: stored as they are rather than deflated again for nothing.
_STORED_EXTENSIONS = frozenset(
    {"pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "png", "jpg", "jpeg", "webp", "gif"}
    | {"zip", "mp3", "mp4", "m4a", "webm", "ogg"}
)
# Bidirectional overrides and isolates, marks, zero-width and other invisible format
# characters: they make "evil\u202etxt.pdf" look like "evilfdp.txt". Category Cf, less the
# two joiners that some scripts need in words.
_KEEP_FORMAT = {"\u200c", "\u200d"}
_WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


class OfflineDocument(NamedTuple):
    name: str  # the name the uploader gave (made safe here)
    source: bytes | Callable[[], IO[bytes]]  # the content, or a callable opening it
    size: int  # bytes, as stored (checked against the budget before anything is read)


class OfflineCopyTooLarge(Exception):
    """The record with its documents is over the size budget; `str()` is for the member."""

    def __init__(self, *, size: int, limit: int):
        self.size = size
        self.limit = limit
        super().__init__(
            _(
                "This record is too large to download as one file (%(size)s; the limit is "
                "%(limit)s). Download its documents one by one instead."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def archive_name(name: str) -> str:
    """A plain file name that is safe to write on any disk, keeping the Unicode letters."""
    name = "".join(
        char
        for char in unicodedata.normalize("NFC", name or "")
        if unicodedata.category(char) != "Cf" or char in _KEEP_FORMAT
    )
    name = original_name(name)  # no folders, control or reserved characters, length cut
    if _WINDOWS_DEVICES.match(name):
        name = f"_{name}"
    return name


def archive_names(names: Iterable[str]) -> list[str]:
    """`archive_name` for each, made unique by adding " (2)", " (3)"… before the extension:
    the names `build_offline_zip` gives the documents, in the same order, so the page
    can link to `documents/<name>` before the zip is built."""
    taken: set[str] = set()
    result = []
    for name in names:
        name = archive_name(name)
        stem, dot, extension = name.rpartition(".")
        if not dot or not stem:
            stem, dot, extension = name, "", ""
        candidate, number = name, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{stem} ({number}){dot}{extension}"
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def _keep_local_images(element: str, attribute: str, value: str) -> str | None:
    """Images only from the zip itself: a remote one would be fetched on opening."""
    if element == "img" and attribute == "src" and not value.startswith(f"{DOCUMENTS_FOLDER}/"):
        return None
    return value


_OFFLINE_STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:48rem;margin:1rem auto;"
    "padding:0 1rem;color:#1a1a1a}img{max-width:100%;height:auto}"
    "table{border-collapse:collapse;display:block;overflow-x:auto}"
    "th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:start;vertical-align:top}"
    ".offline-source{color:#555;font-size:.9rem}"
)


def offline_page(*, title: str, body_html: str, lang: str, source_url: str = "") -> str:
    """A whole HTML document for `index.html` around the event page's content: no
    scripts, no style sheets or fonts to fetch, no remote images (a small style sheet is
    written in; a file opened from disk is under no Content-Security-Policy). Links stay
    links. `body_html` is cleaned here, so a remote reference in it cannot slip through."""
    body = nh3.clean(
        body_html,
        tags=nh3.ALLOWED_TAGS,
        attributes={
            **nh3.ALLOWED_ATTRIBUTES,
            "*": {"class", "id", "lang", "dir", "title"},
            "time": {"datetime"},
        },
        attribute_filter=_keep_local_images,
        url_schemes={"http", "https", "mailto"},
    )
    source = ""
    if source_url:
        link = format_html('<a href="{0}">{0}</a>', source_url)
        source = format_html(
            '<p class="offline-source">{}</p>',
            # The translation is escaped, then the link (built by format_html) put in.
            mark_safe(escape(_("Offline copy of %(link)s")) % {"link": link}),  # noqa: S308
        )
    return "<!DOCTYPE html>\n" + format_html(
        '<html lang="{}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{}</title><style>{}</style></head><body>{}{}</body></html>\n",
        lang,
        title,
        mark_safe(_OFFLINE_STYLE),  # noqa: S308 - a constant
        source,
        mark_safe(body),  # noqa: S308 - nh3's cleaned output
    )


def _deflates(name: str) -> bool:
    return name.rpartition(".")[2].lower() not in _STORED_EXTENSIONS


def _zip_info(name: str, when: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED if _deflates(name) else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def build_offline_zip(
    *, html: str, documents: Iterable[OfflineDocument | tuple], max_bytes: int
) -> IO[bytes]:
    """The zip, as a file positioned at its start (in memory, or on disk when large):
    hand it to `FileResponse(..., as_attachment=True, filename=...)`. `html` becomes
    `index.html` (build it with `offline_page`); document i is stored as
    `documents/<archive_names(names)[i]>`. Raises OfflineCopyTooLarge when the page and
    documents together pass `max_bytes`: first on the declared sizes, before reading
    anything, then on the bytes actually read."""
    documents = [OfflineDocument(*document) for document in documents]
    page = html.encode("utf-8")
    declared = len(page) + sum(
        len(d.source) if isinstance(d.source, bytes) else max(d.size, 0) for d in documents
    )
    if declared > max_bytes:
        raise OfflineCopyTooLarge(size=declared, limit=max_bytes)
    names = archive_names(document.name for document in documents)
    when = dt.datetime.now(dt.UTC).timetuple()[:6]
    output = SpooledTemporaryFile(max_size=SPOOL_MAX_SIZE)  # noqa: SIM115 - returned open
    try:
        with zipfile.ZipFile(output, "w") as archive:
            archive.writestr(_zip_info("index.html", when), page)
            written = len(page)
            for document, name in zip(documents, names, strict=True):
                info = _zip_info(f"{DOCUMENTS_FOLDER}/{name}", when)
                if isinstance(document.source, bytes):
                    written += len(document.source)
                    if written > max_bytes:
                        raise OfflineCopyTooLarge(size=written, limit=max_bytes)
                    archive.writestr(info, document.source)
                    continue
                stream = document.source()
                try:
                    with archive.open(info, "w", force_zip64=document.size >= 2**31) as target:
                        while chunk := stream.read(CHUNK_SIZE):
                            written += len(chunk)
                            if written > max_bytes:
                                raise OfflineCopyTooLarge(size=written, limit=max_bytes)
                            target.write(chunk)
                finally:
                    stream.close()
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output
