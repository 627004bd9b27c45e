"""Attachment checks: the type is read from the content, never trusted from
the name or the browser; images must decode; sizes are capped."""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_SAVE = 20
# Photos from phones and cameras fit (most are 12 to 24 megapixels); decoding
# the largest accepted one takes at most about 160 MB, and only for a PNG or WebP.
MAX_PHOTO_PIXELS = 40_000_000
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
        _check_photo(upload.name, data)
    return filetype, data


def _check_photo(name: str, data: bytes) -> None:
    """Reads the photo's header only (its size), refuses one with too many
    pixels before any decoding, then checks that the rest is sound. Pillow's
    own bomb warning is an error here."""
    import warnings

    from PIL import Image

    too_large = ValidationError(
        _(
            "The photo %(name)s has more than %(max)s megapixels, more than a photo needs; "
            "reduce its size and attach it again."
        )
        % {"name": name, "max": MAX_PHOTO_PIXELS // 1_000_000}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise too_large
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise too_large from None
    except Exception:
        raise ValidationError(_("The photo %(name)s is damaged and cannot be opened.") % {"name": name}) from None


def make_thumbnail(data: bytes) -> ContentFile:
    """A small JPEG of a checked photo. The reduction comes first, so a JPEG
    is decoded at a fraction of its size (Pillow's draft mode) and only the
    small image is turned upright."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail(THUMBNAIL_SIZE)
        image = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=82)
    return ContentFile(out.getvalue())


def precheck(uploads) -> None:
    """Checks every upload before anything is written, so one bad file in a
    batch leaves no stored file behind."""
    if len(uploads) > MAX_FILES_PER_SAVE:
        raise ValidationError(
            _("At most %(max)s files can be attached at once; %(count)s were chosen.")
            % {"max": MAX_FILES_PER_SAVE, "count": len(uploads)}
        )
    for upload in uploads:
        check_upload(upload)
        upload.seek(0)


def store(record, upload, filetype: FileType, data: bytes, *, caption: str, user) -> None:
    """Fills a checked upload into its record (an activity's attachment, a
    model's photo): type, size, the name it came with, caption, who; writes
    the file and, for a photo, its thumbnail. The caller saves the record."""
    import os
    import uuid

    record.content_type = filetype.content_type
    record.size = len(data)
    record.original_name = os.path.basename(upload.name)[:255] or "tep"
    record.caption = caption[:255]
    record.uploaded_by = user
    record.file.save(f"file.{filetype.extension}", ContentFile(data), save=False)
    if filetype.kind == "photo":
        record.thumbnail.save(f"{uuid.uuid4().hex}.jpg", make_thumbnail(data), save=False)
