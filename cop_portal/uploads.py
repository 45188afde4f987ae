"""The one upload validator for images members send (avatars today). An image is accepted
only if Pillow can decode it as JPEG, PNG or WebP within the size and pixel limits; it is
then re-encoded from its pixels, which drops EXIF and any other metadata, and resized."""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_DIMENSION = 6000  # pixels on either side
MAX_PIXELS = 24_000_000  # well below Pillow's own bomb threshold
MIN_DIMENSION = 32


def clean_image(upload, *, max_bytes: int | None = None, size: int | None = None):
    """Validate an uploaded image and return a new, clean, square file to store."""
    max_bytes = max_bytes or settings.COP_AVATAR_MAX_BYTES
    size = size or settings.COP_AVATAR_SIZE
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                probe.verify()
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Please upload a JPEG, PNG or WebP image."), code="format")
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
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("This image is too large to open safely."), code="bomb") from None
    except Exception:  # noqa: BLE001 - any decoding failure means "not an image we accept"
        raise ValidationError(
            _("This file is not an image we can read. Please upload a JPEG, PNG or WebP image."),
            code="invalid",
        ) from None
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)
    return SimpleUploadedFile("avatar.jpg", out.getvalue(), content_type="image/jpeg")
