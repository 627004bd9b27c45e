"""Attachment checks: the type is read from the content, never trusted from
the name or the browser; images must decode; sizes are capped."""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
THUMBNAIL_SIZE = (480, 480)


@dataclass(frozen=True)
class FileType:
    kind: str  # "photo" or "document"
    content_type: str
    extension: str


JPEG = FileType("photo", "image/jpeg", "jpg")
PNG = FileType("photo", "image/png", "png")
WEBP = FileType("photo", "image/webp", "webp")
PDF = FileType("document", "application/pdf", "pdf")
DOCX = FileType("document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileType("document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")


def sniff(data: bytes) -> FileType | None:
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def check_upload(upload) -> tuple[FileType, bytes]:
    """Reads an uploaded file and returns its detected type and bytes, or
    raises a ValidationError that says what is wrong in Vietnamese."""
    if upload.size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": upload.name})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file %(name)s is larger than %(limit)s MB.")
            % {"name": upload.name, "limit": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    data = upload.read()
    filetype = sniff(data)
    if filetype is None:
        raise ValidationError(
            _("The file %(name)s is not a photo (JPEG, PNG, WebP) or a document (PDF, Word, Excel).")
            % {"name": upload.name}
        )
    if filetype.kind == "photo":
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except Exception:
            raise ValidationError(
                _("The photo %(name)s is damaged and cannot be opened.") % {"name": upload.name}
            ) from None
    return filetype, data


def make_thumbnail(data: bytes) -> ContentFile:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=82)
    return ContentFile(out.getvalue())


def precheck(uploads) -> None:
    """Checks every upload before anything is written, so one bad file in a
    batch leaves no stored file behind."""
    for upload in uploads:
        check_upload(upload)
        upload.seek(0)
