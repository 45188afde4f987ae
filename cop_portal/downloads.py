"""The one way a stored upload is served: only after the caller's access rule said yes,
always as an attachment under its original name, never sniffed into HTML by a browser."""

from urllib.parse import quote

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404

from cop_portal.uploads import kind_for_name, original_name


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback name and the real one in RFC 6266's filename*."""
    name = original_name(name)
    fallback = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def serve_upload(request, *, file, name: str, allowed: bool):
    """Answer a download: `file` is the stored FieldFile (or any Django File), `name` the
    original name kept at upload, `allowed` the caller's `can_read_<x>(member, obj)`.
    A visitor who may not read it is sent to log in; a member gets a 404, so the file's
    existence is not revealed."""
    if not allowed:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    kind = kind_for_name(name)
    try:
        handle = file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle, content_type=kind.content_type if kind else "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
