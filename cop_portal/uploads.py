"""The one upload validator. A file is accepted only when its content and its extension
name the same accepted type: PDF, Office (DOCX, XLSX, PPTX), OpenDocument (ODT, ODS, ODP),
PNG, JPEG, WebP images, and UTF-8 CSV or text. Sizes come from settings. Files are stored
under a generated name; the original name, sanitised, is kept only for the download.

Avatars go through the same check, then are re-encoded from their pixels (which drops EXIF
and any other metadata) and resized."""

import io
import os
import re
import struct
import unicodedata
import uuid
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str  # a format name, the same in every language
    extensions: tuple[str, ...]
    content_type: str


KINDS = {
    kind.code: kind
    for kind in [
        FileKind("pdf", "PDF", ("pdf",), "application/pdf"),
        FileKind(
            "docx",
            "DOCX",
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileKind(
            "xlsx",
            "XLSX",
            ("xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        FileKind(
            "pptx",
            "PPTX",
            ("pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        FileKind("odt", "ODT", ("odt",), "application/vnd.oasis.opendocument.text"),
        FileKind("ods", "ODS", ("ods",), "application/vnd.oasis.opendocument.spreadsheet"),
        FileKind("odp", "ODP", ("odp",), "application/vnd.oasis.opendocument.presentation"),
        FileKind("png", "PNG", ("png",), "image/png"),
        FileKind("jpeg", "JPEG", ("jpg", "jpeg"), "image/jpeg"),
        FileKind("webp", "WebP", ("webp",), "image/webp"),
        FileKind("csv", "CSV", ("csv",), "text/csv; charset=utf-8"),
        FileKind("txt", "TXT", ("txt",), "text/plain; charset=utf-8"),
    ]
}
DOCUMENT_KINDS = frozenset(KINDS)
IMAGE_KINDS = frozenset({"png", "jpeg", "webp"})
TEXT_KINDS = frozenset({"csv", "txt"})
KIND_BY_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}

# The main part an Office file's [Content_Types].xml declares, by kind.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
PIL_FORMATS = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp"}
CONTENT_TYPES_LIMIT = 1024 * 1024  # bytes of [Content_Types].xml read, at most
# An Office or OpenDocument file has tens to a few thousand parts. zipfile parses the whole
# central directory on opening: 150,000 empty entries in a 13 MB upload took 2 s of CPU.
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_DIRECTORY_BYTES = 512 * 1024
_OVERRIDE = re.compile(r"<(?:\w+:)?Override\b([^>]*)>")
_ATTRIBUTE = re.compile(r"(\w+)\s*=\s*[\"']([^\"']*)[\"']")

MAX_DIMENSION = 6000  # pixels on either side
MAX_PIXELS = 24_000_000  # well below Pillow's own bomb threshold
MIN_DIMENSION = 32


class _Bomb(Exception):
    pass


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def kind_for_name(name: str) -> FileKind | None:
    return KIND_BY_EXTENSION.get(extension_of(name))


def _accepted_list(accept) -> str:
    return ", ".join(KINDS[code].label for code in KINDS if code in accept)


def _sniff_zip(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if not entries:
                return None
            first = entries[0]
            if first.filename == "mimetype":
                if first.compress_type != zipfile.ZIP_STORED or first.file_size > 100:
                    return None
                return ODF_MIMETYPES.get(archive.read(first).strip())
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names:
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_LIMIT:
                return None
            # Read as text, not parsed as XML: an uploader's XML is never handed to a parser.
            types = archive.read(info).decode("utf-8", "replace")
            for element in _OVERRIDE.findall(types):
                attributes = dict(_ATTRIBUTE.findall(element))
                code = OOXML_MAIN_PARTS.get(attributes.get("ContentType", ""))
                part = attributes.get("PartName", "").lstrip("/")
                if code and part in names:
                    return code
            return None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None


def _small_zip_directory(data: bytes) -> bool:
    """What the end record declares (entries, directory size), read before zipfile parses
    the directory; a ZIP64 archive (0xFFFF entries) is no Office file we accept."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if end < 0 or len(data) < end + 22:
        return False
    entries, directory_bytes = struct.unpack("<HI", data[end + 10 : end + 16])
    return entries <= ZIP_MAX_ENTRIES and directory_bytes <= ZIP_MAX_DIRECTORY_BYTES


def _image_magic(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def _sniff_image(data: bytes) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                probe.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _Bomb from None
    except Exception:  # noqa: BLE001 - any decoding failure means "not an image we accept"
        return None
    return PIL_FORMATS.get(image_format)


def _sniff_text(data: bytes) -> bool:
    if b"\0" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff(upload, *, extension: str = "") -> str | None:
    """The kind of file the content is, whatever its name says; None for anything else.
    Text is text whatever it is called: the extension then tells CSV from TXT."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        if data.startswith(b"%PDF-"):
            return "pdf" if b"%%EOF" in data[-1024:] else None
        if data.startswith(b"PK\x03\x04"):
            return _sniff_zip(upload) if _small_zip_directory(data) else None
        if _image_magic(data[:16]):
            return _sniff_image(data)
        if _sniff_text(data):
            return "csv" if extension == "csv" else "txt"
        return None
    finally:
        upload.seek(0)


def validate_upload(upload, *, accept=DOCUMENT_KINDS, max_bytes: int | None = None) -> FileKind:
    """Check one uploaded file and return its kind, or raise a ValidationError saying why it
    is refused (codes: too_large, empty, extension, mismatch, bomb)."""
    max_bytes = max_bytes or settings.COP_UPLOAD_MAX_BYTES
    name = os.path.basename(getattr(upload, "name", "") or "")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    extension = extension_of(name)
    claimed = KIND_BY_EXTENSION.get(extension)
    if claimed is None or claimed.code not in accept:
        raise ValidationError(
            _("Files of this type are not accepted. Accepted types: %(types)s.")
            % {"types": _accepted_list(accept)},
            code="extension",
        )
    try:
        found = sniff(upload, extension=extension)
    except _Bomb:
        raise ValidationError(_("This image is too large to open safely."), code="bomb") from None
    if found != claimed.code:
        raise ValidationError(
            _(
                "The file “%(name)s” is not a valid %(type)s file: its content does not match "
                "its name."
            )
            % {"name": name, "type": claimed.label},
            code="mismatch",
        )
    return claimed


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
# Controls (C1 too), format characters (bidi overrides such as U+202E, which show
# "report\u202efdp.exe" as "reportexe.pdf"; zero-width spaces) and line separators.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def original_name(name: str, *, max_length: int = 150) -> str:
    """The name a file was uploaded under, safe to show and to offer back in a download:
    no directories, no control or reserved characters, not too long, never empty."""
    name = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    name = "".join(
        "\x00" if unicodedata.category(char) in _INVISIBLE_CATEGORIES else char for char in name
    )
    name = _UNSAFE.sub("_", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = extension[:10]
    stem = stem[: max_length - len(extension) - 1] or "file"
    return f"{stem}.{extension}" if extension else stem


@deconstructible
class GeneratedName:
    """`upload_to` for every FileField: `<prefix>/<year>/<month>/<uuid>.<ext>`, so a stored
    name never comes from the uploader and two uploads never collide."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        kind = kind_for_name(filename)
        extension = kind.extensions[0] if kind else "bin"
        now = timezone.now()
        return f"{self.prefix}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and other.prefix == self.prefix


IMAGE_MESSAGES = {
    "extension": lambda upload: _("Please upload a JPEG, PNG or WebP image."),
    "mismatch": lambda upload: _(
        "This file is not an image we can read. Please upload a JPEG, PNG or WebP image."
    ),
    "empty": lambda upload: _(
        "This file is not an image we can read. Please upload a JPEG, PNG or WebP image."
    ),
    "too_large": lambda upload: (
        _("The image is too large (%(size)s). The limit is %(limit)s.")
        % {
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(settings.COP_AVATAR_MAX_BYTES),
        }
    ),
}


OTHER_IMAGE_MAGIC = (b"GIF87a", b"GIF89a", b"BM", b"II*\0", b"MM\0*")


def clean_image(upload, *, max_bytes: int | None = None, size: int | None = None):
    """Validate an uploaded image and return a new, clean, square file to store."""
    max_bytes = max_bytes or settings.COP_AVATAR_MAX_BYTES
    size = size or settings.COP_AVATAR_SIZE
    if upload.size > max_bytes:
        raise ValidationError(IMAGE_MESSAGES["too_large"](upload), code="too_large")
    data = upload.read()
    upload.seek(0)
    if data.startswith(OTHER_IMAGE_MAGIC):
        raise ValidationError(IMAGE_MESSAGES["extension"](upload), code="format")
    # The avatar is re-encoded and stored under a new name, so the name it came with does
    # not matter: the content is checked under the name of the image type it says it is.
    kind = _image_magic(data[:16]) or "jpeg"
    probe = SimpleUploadedFile(f"avatar.{KINDS[kind].extensions[0]}", data)
    try:
        validate_upload(probe, accept=IMAGE_KINDS, max_bytes=max_bytes)
    except ValidationError as error:
        if error.code in IMAGE_MESSAGES:
            raise ValidationError(IMAGE_MESSAGES[error.code](upload), code=error.code) from None
        raise
    try:
        with Image.open(io.BytesIO(data)) as probe_image:
            width, height = probe_image.size
        if width > MAX_DIMENSION or height > MAX_DIMENSION or width * height > MAX_PIXELS:
            raise ValidationError(
                _(
                    "The image is %(width)s×%(height)s pixels; the largest accepted is "
                    "%(max)s×%(max)s."
                )
                % {"width": width, "height": height, "max": MAX_DIMENSION},
                code="dimensions",
            )
        if width < MIN_DIMENSION or height < MIN_DIMENSION:
            raise ValidationError(
                _("The image is too small; it needs at least %(min)s×%(min)s pixels.")
                % {"min": MIN_DIMENSION},
                code="dimensions",
            )
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image = ImageOps.fit(image.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - any decoding failure means "not an image we accept"
        raise ValidationError(IMAGE_MESSAGES["mismatch"](upload), code="invalid") from None
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)
    return SimpleUploadedFile("avatar.jpg", out.getvalue(), content_type="image/jpeg")
