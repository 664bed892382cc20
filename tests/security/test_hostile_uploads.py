"""Issue 26: uploads are checked by content, not by their first bytes. On main a decompression-bomb image, a JPEG
carrying a ZIP, a PDF with JavaScript or a launch action and a malformed PDF were stored as sent, with any camera and
location metadata."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from accounts.roles import Role
from applications.forms import upload_problem
from tests.factories import (
    JPEG_BYTES,
    PASSWORD,
    PDF_BYTES,
    PNG_BYTES,
    ApplicationFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb's promise)."""
    data = bytearray(PNG_BYTES)
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def pdf_with(action: dict) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject(key): (NameObject(value) if value.startswith("/") else TextStringObject(value))
            for key, value in action.items()
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    """A document-level script in the names tree (runs when the PDF opens in a reader)."""
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("hello"), writer._add_object(script)])}
            )
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def a_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ" + b"\0" * 64)
    return buffer.getvalue()


def photo_with_location() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x8825] = {1: "N", 2: (34.0, 3.0, 0.0)}  # GPS: latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=b"secret comment")
    return buffer.getvalue()


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", png_claiming(30_000, 30_000), "bomb.png is too large an image; the limit is 50 million pixels."),
        ("photo.jpg", JPEG_BYTES[:40], "photo.jpg does not contain a valid JPEG file."),
        ("photo.png", JPEG_BYTES, "photo.png does not contain a valid PNG file."),
        ("photo.jpg", JPEG_BYTES + a_zip(), "photo.jpg is or contains a compressed archive"),
        ("quote.pdf", PDF_BYTES + a_zip(), "quote.pdf is or contains a compressed archive"),
        ("quote.pdf", a_zip(), "quote.pdf is or contains a compressed archive"),
        ("quote.zip", a_zip(), "quote.zip is or contains a compressed archive"),
        ("quote.pdf", b"%PDF-1.4 not really", "quote.pdf could not be read as a PDF"),
        ("quote.pdf", pdf_with_javascript(), "quote.pdf contains scripts or actions that open other programs"),
        ("quote.pdf", pdf_with({"/S": "/Launch", "/F": "calc.exe"}), "quote.pdf contains scripts or actions"),
        ("quote.pdf", pdf_with({"/S": "/JavaScript", "/JS": "app.alert(1)"}), "quote.pdf contains scripts"),
        ("quote.pdf", pdf_with({"/S": "/SubmitForm", "/F": "https://example.com"}), "quote.pdf contains scripts"),
    ],
)
def test_hostile_files_are_refused_naming_the_file(name, content, message):
    problem = upload_problem(upload(name, content))
    assert problem is not None and problem.startswith(message), problem


def test_ordinary_files_pass():
    for name, content in (("quote.pdf", PDF_BYTES), ("photo.jpg", JPEG_BYTES), ("photo.png", PNG_BYTES)):
        assert upload_problem(upload(name, content)) is None, name
    assert upload_problem(upload("link.pdf", pdf_with({"/S": "/URI", "/URI": "https://example.com"}))) is None


def test_messages_in_spanish():
    with translation.override("es"):
        problem = upload_problem(upload("quote.pdf", pdf_with_javascript()))
    assert problem.startswith("quote.pdf contiene")


def test_a_photo_is_stored_without_its_metadata_or_trailing_bytes(client):
    applicant = UserFactory(role=Role.APPLICANT)
    draft = ApplicationFactory(applicant=applicant)
    project = ProjectFactory(application=draft)
    client.login(username=applicant.username, password=PASSWORD)
    sent = photo_with_location() + b"<script>alert(1)</script>"
    response = client.post(
        reverse("applications:attachments", args=[draft.pk]),
        {"slot": f"vin_photo@{project.pk}", "files": upload("vin.jpg", sent, "image/jpeg")},
    )
    assert response.status_code == 302
    attachment = draft.attachments.get()
    stored = attachment.file.read()
    assert b"<script>" not in stored and b"secret comment" not in stored and b"Camera Maker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (64, 48) and not image.getexif() and "comment" not in image.info
    assert attachment.size == len(stored)


def test_the_browser_checks_the_size_before_sending(client):
    """The upload pages load static/uploads.js, which refuses a file over the limit before it is sent."""
    applicant = UserFactory(role=Role.APPLICANT)
    draft = ApplicationFactory(applicant=applicant)
    ProjectFactory(application=draft)
    client.login(username=applicant.username, password=PASSWORD)
    page = client.get(reverse("applications:attachments", args=[draft.pk])).content.decode()
    assert 'data-upload-max-bytes="10485760"' in page and "/static/uploads.js" in page
