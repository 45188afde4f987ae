import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

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
        "digest_frequency": "weekly",
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
