"""Crafted hostile files, made on the spot (nothing stored in the repository):
the workbooks and the image that once tied up or blew up a server. Used by
the hostile-input tests and by `manage.py hostile_files` for measuring the
refusals from the shell (`/usr/bin/time -v manage.py import_activities …`).

Each maker returns bytes and keeps its own memory small: big parts are
written to the zip in chunks."""

import io
import struct
import zipfile
import zlib

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Hoạt động" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
EMPTY_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>'
)


def _sheet(rows_xml: str, dimension: str | None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"{SHEET_OPEN}{dim}<sheetData>{rows_xml}</sheetData></worksheet>"


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _xlsx(sheet: str, shared_strings: str = EMPTY_STRINGS, extra: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared_strings)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def declared_huge_sheet() -> bytes:
    """A sheet that declares A1:XFD1048576 and holds a header cell and one
    cell in the very last row and column (about 1 KB)."""
    rows = f'<row r="1">{_inline("A1", "Tên hoạt động")}</row><row r="1048576">{_inline("XFD1048576", "x")}</row>'
    return _xlsx(_sheet(rows, "A1:XFD1048576"))


def undeclared_far_row() -> bytes:
    """The same without a dimension record: only reading the rows can tell."""
    rows = f'<row r="1">{_inline("A1", "Tên hoạt động")}</row><row r="1048576">{_inline("XFD1048576", "x")}</row>'
    return _xlsx(_sheet(rows, None))


def _streamed_part(archive: zipfile.ZipFile, name: str, head: bytes, filler: bytes, size: int, tail: bytes):
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=size > 2**31) as part:
        part.write(head)
        chunk = filler * max(1, (1 << 20) // len(filler))
        written = 0
        while written < size:
            piece = chunk[: size - written]
            part.write(piece)
            written += len(piece)
        part.write(tail)


def shared_strings_bomb(expanded_mb: int = 300) -> bytes:
    """A workbook whose shared-strings part inflates to `expanded_mb` MiB
    (one string of repeated letters); a few hundred KB on disk."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', "A1"))
        head = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
            b"<si><t>"
        )
        _streamed_part(archive, "xl/sharedStrings.xml", head, b"A", expanded_mb << 20, b"</t></si></sst>")
    return out.getvalue()


def ratio_bomb(expanded_mb: int = 40) -> bytes:
    """Within the total size, but one part grows about a thousand times."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", EMPTY_STRINGS)
        head = (SHEET_OPEN + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>').encode()
        tail = b"</t></is></c></row></sheetData></worksheet>"
        _streamed_part(archive, "xl/worksheets/sheet1.xml", head, b" ", expanded_mb << 20, tail)
    return out.getvalue()


def many_parts(count: int = 5000) -> bytes:
    """A workbook padded with thousands of tiny parts."""
    extra = {f"xl/media/p{i}.bin": b"" for i in range(count)}
    return _xlsx(_sheet(f'<row r="1">{_inline("A1", "Tên hoạt động")}</row>', "A1"), extra=extra)


def entity_expansion() -> bytes:
    """The "billion laughs": shared strings that define nested entities."""
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<!DOCTYPE sst [{entities}]>"
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        "<si><t>&a9;</t></si></sst>"
    )
    return _xlsx(_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', "A1"), shared_strings=strings)


def lying_sizes(expanded_mb: int = 64) -> bytes:
    """A part that declares 1 KB in both headers but inflates to far more."""
    data = bytearray(shared_strings_bomb(expanded_mb))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/sharedStrings.xml")
    archive.close()
    fake = struct.pack("<L", 1024)
    local = info.header_offset
    data[local + 22 : local + 26] = fake  # local header: uncompressed size
    end = bytes(data).rfind(b"PK\x05\x06")
    position = struct.unpack("<L", data[end + 16 : end + 20])[0]  # where the central directory starts
    while data[position : position + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack("<3H", data[position + 28 : position + 34])
        if struct.unpack("<L", data[position + 42 : position + 46])[0] == local:
            data[position + 24 : position + 28] = fake  # central directory: uncompressed size
            break
        position += 46 + name_len + extra_len + comment_len
    return bytes(data)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def huge_png(side: int = 13000) -> bytes:
    """A real, decodable grey PNG of side × side pixels that compresses to a
    few hundred KB (169 megapixels at the default)."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (side + 1)  # filter byte and one grey byte per pixel
    idat = bytearray()
    rows_per_chunk = max(1, (4 << 20) // len(row))
    done = 0
    while done < side:
        n = min(rows_per_chunk, side - done)
        idat += compressor.compress(row * n)
        done += n
    idat += compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", bytes(idat)) + _png_chunk(b"IEND", b"")
    )


WORKBOOKS = {
    "declared-huge-sheet": declared_huge_sheet,
    "undeclared-far-row": undeclared_far_row,
    "shared-strings-bomb": shared_strings_bomb,
    "ratio-bomb": ratio_bomb,
    "many-parts": many_parts,
    "entity-expansion": entity_expansion,
    "lying-sizes": lying_sizes,
}
