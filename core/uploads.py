"""What the portal stores of a file someone uploads: a PDF, JPEG or PNG that is what it says, and nothing more.

Every upload (applications' attachments, payment documents, usage reports, inspection photos and reports) is checked
here (``problem``) and, for images, stored as ``safe_copy`` makes it. Before issue 26 a file was checked by its first
bytes only, so a decompression bomb or a polyglot (a PDF or JPEG with a ZIP or a script inside) was stored as sent:

- size: at most ``settings.UPLOAD_MAX_BYTES`` (also checked in the browser before sending: static/uploads.js);
- archives refused: a ZIP, RAR, 7-Zip, gzip, bzip2, xz or CAB file, or a file with a ZIP directory at its end;
- images decoded with Pillow within ``settings.UPLOAD_MAX_PIXELS`` and re-encoded (``safe_copy``): only the pixels
  are kept (camera and location metadata, comments and any trailing bytes are dropped);
- PDFs parsed with pypdf and refused when they cannot be read, are password-protected, or hold JavaScript or an
  action that launches a program, submits a form or imports data (OWASP File Upload Cheat Sheet).
"""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",  # ZIP (and Office files)
    b"PK\x05\x06",  # an empty ZIP
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",  # CAB
)
ZIP_DIRECTORY_END = b"PK\x05\x06"
PDF_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMedia"})
PDF_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/XFA"})
"""Keys that carry a script, an automatic action, an embedded file or an XFA form (which may script)."""
PDF_MAX_OBJECTS = 200_000
"""A bound on the objects walked in one PDF (a 10 MB file holds far fewer; more is a deliberate bomb)."""


def extension_of(upload) -> str:
    name = upload.name or ""
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def problem(upload) -> str | None:
    """What is wrong with ``upload`` as a PDF, JPEG or PNG document, in the reader's language, or ``None``."""
    name = upload.name
    if upload.size > settings.UPLOAD_MAX_BYTES:
        return _("%(name)s is %(size)s; the limit is %(limit)s.") % {
            "name": name,
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
        }
    data = _read(upload)
    extension = extension_of(upload)
    if data.startswith(ARCHIVE_SIGNATURES) or ZIP_DIRECTORY_END in data[-65_600:]:
        return _("%(name)s is or contains a compressed archive; upload each document as a PDF, JPEG or PNG file.") % {
            "name": name
        }
    signatures = SIGNATURES.get(extension)
    if signatures is None:
        return _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name}
    if not data.startswith(signatures):
        return _("%(name)s does not contain a valid %(type)s file.") % {"name": name, "type": extension[1:].upper()}
    if extension in IMAGE_FORMATS:
        return _image_problem(name, data, IMAGE_FORMATS[extension])
    return _pdf_problem(name, data)


def _image_problem(name: str, data: bytes, expected: str) -> str | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected:
                raise ValueError(image.format)
            if image.width * image.height > settings.UPLOAD_MAX_PIXELS:
                return _too_many_pixels(name)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.load()
    except Image.DecompressionBombError:
        return _too_many_pixels(name)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning, EOFError):
        return _("%(name)s does not contain a valid %(type)s file.") % {"name": name, "type": expected}
    return None


def _too_many_pixels(name: str) -> str:
    return _("%(name)s is too large an image; the limit is %(limit)s million pixels.") % {
        "name": name,
        "limit": f"{settings.UPLOAD_MAX_PIXELS // 1_000_000:,}",
    }


def _pdf_problem(name: str, data: bytes) -> str | None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    unreadable = _("%(name)s could not be read as a PDF; save it again as a PDF and upload that copy.") % {"name": name}
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return _("%(name)s is password-protected; upload a copy without a password.") % {"name": name}
        if len(reader.pages) < 1:
            return unreadable
        if _has_scripts(reader.trailer):
            return _(
                "%(name)s contains scripts or actions that open other programs; print it to a new PDF and upload that."
            ) % {"name": name}
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OverflowError, OSError):
        return unreadable
    return None


def _has_scripts(root) -> bool:
    """Whether any object reachable from the trailer carries a script key or a dangerous action (walked once each)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [root]
    walked = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        walked += 1
        if walked > PDF_MAX_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(item, DictionaryObject):
            if PDF_SCRIPT_KEYS & set(item.keys()) or item.get("/S") in PDF_ACTIONS:
                return True
            stack.extend(value for name, value in item.items() if name not in ("/Parent", "/P"))
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return False


def safe_copy(upload):
    """The upload as stored: an image re-encoded from its pixels (no metadata, nothing after the image); a PDF as sent.

    Call after ``problem`` found nothing. The photo is turned upright first (EXIF orientation) since that tag goes.
    """
    extension = extension_of(upload)
    if extension not in IMAGE_FORMATS:
        return upload
    from PIL import Image, ImageOps

    jpeg = IMAGE_FORMATS[extension] == "JPEG"
    with Image.open(io.BytesIO(_read(upload))) as image:
        upright = ImageOps.exif_transpose(image)
        if upright.mode == "L":
            mode = "L"
        elif not jpeg and upright.mode in ("RGBA", "LA", "PA", "P"):
            mode = "RGBA"
        else:
            mode = "RGB"
        plain = upright.convert(mode)
        pixels = Image.frombytes(mode, plain.size, plain.tobytes())  # a new image: the pixels alone, no info
    out = io.BytesIO()
    pixels.save(out, format="JPEG" if jpeg else "PNG", **({"quality": 90} if jpeg else {}))
    return SimpleUploadedFile(upload.name, out.getvalue(), content_type="image/jpeg" if jpeg else "image/png")
