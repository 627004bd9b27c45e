"""Bounds for zip containers that come from outside (.xlsx, .docx).

Everything is decided from the zip's directory before a single part is
inflated: how many parts the end record declares (read from the last bytes,
so a directory of a million entries is never parsed), their total declared
size, and how much each large part claims to grow. Python's zipfile stops
inflating a part at its declared size and then fails the CRC check, so a part
that lies about its size cannot grow past the bound either."""

import io
import struct
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

END_RECORD = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
END_RECORD_SIZE = 22
MAX_COMMENT = 0xFFFF


@dataclass(frozen=True)
class ZipBounds:
    max_parts: int = 200
    max_total_bytes: int = 50 * 1024 * 1024
    max_ratio: int = 100
    # parts smaller than this may compress as well as they like
    ratio_floor_bytes: int = 1024 * 1024


def declared_parts(data: bytes) -> int | None:
    """The number of entries the end-of-directory record declares, or None
    when there is no readable record (not a zip) or it points to a Zip64
    record (which no office file of the sizes accepted here needs)."""
    tail_start = max(0, len(data) - END_RECORD_SIZE - MAX_COMMENT)
    position = data.rfind(END_RECORD, tail_start)
    if position < 0 or len(data) - position < END_RECORD_SIZE:
        return None
    if position >= 20 and data[position - 20 : position - 16] == ZIP64_LOCATOR:
        return None
    _sig, _disk, _start_disk, _here, total, _size, _offset, _comment = struct.unpack(
        "<4s4H2LH", data[position : position + END_RECORD_SIZE]
    )
    if total == 0xFFFF:
        return None
    return total


def open_bounded(data: bytes, bounds: ZipBounds = ZipBounds()) -> zipfile.ZipFile:
    """The zip, opened only when its declared shape is within the bounds;
    otherwise a ValidationError that says what is too large."""
    parts = declared_parts(data)
    if parts is None:
        raise ValidationError(_("The file is damaged or is not an Office file (.xlsx, .docx)."))
    if parts > bounds.max_parts:
        raise ValidationError(
            _("The file has %(count)s parts inside; at most %(max)s are accepted.")
            % {"count": parts, "max": bounds.max_parts}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, struct.error):
        raise ValidationError(_("The file is damaged or is not an Office file (.xlsx, .docx).")) from None
    infos = archive.infolist()
    if len(infos) > bounds.max_parts:
        raise ValidationError(
            _("The file has %(count)s parts inside; at most %(max)s are accepted.")
            % {"count": len(infos), "max": bounds.max_parts}
        )
    total = sum(info.file_size for info in infos)
    if total > bounds.max_total_bytes:
        raise ValidationError(
            _("Unpacked, the file would take %(size)s MB; at most %(max)s MB are accepted.")
            % {"size": total // 2**20, "max": bounds.max_total_bytes // 2**20}
        )
    for info in infos:
        if info.file_size > bounds.ratio_floor_bytes and info.file_size > bounds.max_ratio * max(info.compress_size, 1):
            raise ValidationError(
                _(
                    "A part of the file grows more than %(max)s times when unpacked; "
                    "the file is refused as a possible compression bomb."
                )
                % {"max": bounds.max_ratio}
            )
    return archive
