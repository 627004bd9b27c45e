"""A corpus of hostile and malformed values sent to every form, filter,
upload and import: never a 500, nothing changed by a rejected request, every
rejection explained in Vietnamese, nothing echoed unescaped."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.contrib.messages.constants import ERROR, WARNING
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BaseForm
from django.urls import reverse

from devtools import hostile
from devtools.factories import ActivityFactory
from meetings.models import Meeting

HOSTILE = [
    "",
    " ",
    "x" * 10_000,
    "\x00",
    "a\x01b\x1bc",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE activities_activity; --",
    "1 OR 1=1",
    '=HYPERLINK("http://x")',
    "+1-1",
    "@SUM(A1)",
    "-5",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "31/02/2023",
    "2023-13-45",
    "../../etc/passwd",
    "%00",
    "%s%s%n",
    "{{ 7*7 }}",
    "${jndi:ldap://x}",
    "\u202eevil",
    "🙂" * 100,
    "0x41",
    "[]",
    "{}",
    "null",
    "true",
]


VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)
ENGLISH = re.compile(r"\b(this|field|enter|valid|select|must|please|the|is|not|required)\b", re.IGNORECASE)


def _refusals(response) -> list[str]:
    """What the page told the user was wrong: form errors and error or
    warning messages."""
    said = [str(m) for m in get_messages(response.wsgi_request) if m.level >= WARNING]
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, BaseForm) and value.is_bound:
                said += [str(e) for errors in value.errors.values() for e in errors]
    return said


def _assert_vietnamese(messages: list[str], case) -> None:
    assert messages, ("refused without saying why", case)
    for message in messages:
        # the hostile value itself may be quoted back; judge the words around it
        words = message
        for value in HOSTILE:
            if value.strip():
                words = words.replace(value, "")
        assert VIETNAMESE.search(words) and not ENGLISH.search(words), (message, case)


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if not m._meta.label.startswith("sessions")}


@pytest.fixture
def world(committee, programme, units, standing_office):
    activity = ActivityFactory(programme=programme, lead_unit=units["district"], status="draft")
    import datetime as dt

    meeting = Meeting.objects.create(
        committee=committee, kind="regular", title="Họp", starts_at=dt.datetime(2023, 5, 1, tzinfo=dt.UTC)
    )
    return {"activity": activity, "meeting": meeting}


def _forms(committee, world):
    c = committee.slug
    a = world["activity"].pk
    m = world["meeting"].pk
    return [
        ("activities:create", {"committee": c}, ["title", "start_date", "funding_state", "lead_unit", "gifts"]),
        ("activities:edit", {"committee": c, "pk": a}, ["title", "end_date", "funding_social", "version"]),
        ("activities:return", {"committee": c, "pk": a}, ["reason"]),
        ("activities:review_bulk_confirm", {"committee": c}, ["ids"]),
        ("coordination:member_new", {"committee": c}, ["full_name", "term_start", "unit", "role"]),
        ("meetings:meeting_new", {"committee": c}, ["title", "day", "time", "programme"]),
        (
            "meetings:meeting_follow_up_add",
            {"committee": c, "meeting_id": m},
            ["description", "assigned_unit", "deadline"],
        ),
        ("meetings:meeting_agenda_add", {"committee": c, "meeting_id": m}, ["title", "presenter", "document"]),
        ("programmes:task_new", {"committee": c, "year": 2023}, ["title", "order", "lead_unit", "due_date"]),
        ("programmes:target_new", {"committee": c, "year": 2023}, ["target_value", "measure", "category"]),
        ("reports:request", {"committee": c, "year": 2023}, ["kind", "date", "signer", "issuing_body"]),
        ("reports:review_draft", {"committee": c, "year": 2023}, ["strengths", "directions"]),
    ]


def test_hostile_form_input_never_500_and_changes_nothing_when_refused(client, committee, standing_office, world):
    client.force_login(standing_office)
    tried = 0
    for name, kwargs, fields in _forms(committee, world):
        url = reverse(name, kwargs=kwargs)
        for value in HOSTILE:
            before = _counts()
            data = {field: value for field in fields}
            response = client.post(url, data)
            tried += 1
            assert response.status_code < 500, (name, value)
            body = response.content.decode(errors="replace")
            assert "<script>alert(1)" not in body and "<img src=x onerror" not in body, (name, value)  # escaped
            if response.status_code == 200:  # the form came back with its errors: nothing was saved
                assert _counts() == before, (name, value)
                _assert_vietnamese(_refusals(response), (name, value))
            else:
                errors = [str(m) for m in get_messages(response.wsgi_request) if m.level >= ERROR]
                if errors:
                    _assert_vietnamese(errors, (name, value))
    assert tried >= 300


def test_hostile_query_strings_never_500(client, committee, standing_office, world):
    client.force_login(standing_office)
    c = committee.slug
    pages = [
        reverse("activities:list", kwargs={"committee": c}),
        reverse("reports:summary", kwargs={"committee": c}),
        reverse("activities:unit_search", kwargs={"committee": c}),
        reverse("activities:locality_search", kwargs={"committee": c}),
        reverse("meetings:meetings", kwargs={"committee": c}),
    ]
    params = ["year", "category", "unit", "locality", "status", "date_from", "q", "sort", "page", "count", "month"]
    tried = 0
    for url in pages:
        for value in HOSTILE:
            response = client.get(url, {p: value for p in params})
            tried += 1
            assert response.status_code in (200, 404), (url, value, response.status_code)
    assert tried >= 150


@pytest.mark.parametrize("value", ["999999", "-1", "abc", "0"])
def test_forged_ids_of_other_committees_are_404(client, standing_office, committee, other_committee, value):
    client.force_login(standing_office)
    from devtools.factories import ProgrammeFactory, UnitFactory

    foreign = ActivityFactory(
        programme=ProgrammeFactory(committee=other_committee), lead_unit=UnitFactory(committee=other_committee)
    )
    for pk in (foreign.pk,):
        assert (
            client.get(reverse("activities:detail", kwargs={"committee": committee.slug, "pk": pk})).status_code == 404
        )
        assert (
            client.post(reverse("activities:confirm", kwargs={"committee": committee.slug, "pk": pk})).status_code
            == 404
        )
    assert client.get(f"/c/{committee.slug}/activities/{value}/").status_code == 404


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _pixel_bomb() -> bytes:
    """A valid-looking PNG that claims 60000 × 60000 pixels."""
    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _hostile_files() -> list[tuple[str, bytes]]:
    from activities.tests.conftest import png_bytes

    return [
        ("trong.jpg", b""),
        ("anh.png", b"<html><script>alert(1)</script></html>"),
        ("anh.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("cut.png", png_bytes()[:40]),
        ("cut.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("bomb.png", _pixel_bomb()),
        ("webp.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8),
        ("tool.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        ("archive.jpg", _zip({"readme.txt": b"hello"})),
        ("polyglot.gif", b"GIF89a/*<script>alert(1)</script>*/"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500),
        ('"><img src=x onerror=alert(1)>.png', b"not an image"),
        ("broken.docx", b"PK\x03\x04broken"),
    ]


def test_hostile_uploads_are_refused_in_vietnamese_and_store_nothing(
    client, committee, secretary, world, monkeypatch, settings, tmp_path
):
    from activities.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretary)
    url = reverse("activities:attachment_upload", kwargs={"committee": committee.slug, "pk": world["activity"].pk})
    files = _hostile_files()
    monkeypatch.setattr("activities.files.MAX_ATTACHMENT_BYTES", 1000)
    files.append(("to.pdf", b"%PDF-1.4\n" + b"x" * 2000))  # over the (lowered) limit
    tried = 0
    for name, data in files:
        for field in ("photos", "documents"):
            response = client.post(url, {field: SimpleUploadedFile(name, data)}, follow=True)
            tried += 1
            assert response.status_code == 200, (name, field)
            assert not Attachment.objects.exists(), (name, field)
            assert not any(tmp_path.rglob("*.*")), (name, field)  # not even a stray file
            body = response.content.decode()
            assert "<script>alert(1)" not in body and "<img src=x onerror" not in body
            _assert_vietnamese([str(m) for m in response.context["messages"]], (name, field))
    assert tried == 28


def _workbook(headers: list, rows: list[list]) -> bytes:
    from openpyxl import Workbook

    from activities import exchange

    wb = Workbook()
    ws = wb.active
    ws.title = exchange.SHEET_NAME
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _hostile_workbooks() -> list[tuple[str, bytes]]:
    from activities import exchange

    headers = [c.header for c in exchange.columns()]
    good = {
        "Loại hoạt động": "Thăm, tặng quà đối tượng chính sách",
        "Tên hoạt động": "Tặng quà",
        "Ngày bắt đầu": "05/02/2023",
        "Đơn vị chủ trì": "Ban CHQS huyện",
        "Suất quà (suất)": 10,
    }

    def rows(**bad):
        return [[{**good, **bad}.get(h) for h in headers]]

    return [
        ("empty", b""),
        ("text", b"Ten hoat dong;So tien\nx;1\n"),
        ("broken zip", b"PK\x03\x04broken"),
        ("old Excel", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500),
        ("a Word file", _zip({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"})),
        ("wrong columns", _workbook(["Tên", "Số tiền", "=1+1"], [["x", 1, 2]])),
        ("no columns at all", _workbook([], [])),
        ("headers without rows", _workbook(headers, [])),
        ("date that does not exist", _workbook(headers, rows(**{"Ngày bắt đầu": "31/02/2023"}))),
        (
            "negative and huge numbers",
            _workbook(headers, rows(**{"Suất quà (suất)": -5, "Xã hội hóa (đồng)": "99999999999999999999"})),
        ),
        ("overlong title", _workbook(headers, rows(**{"Tên hoạt động": "x" * 600}))),
        (
            "unknown category and unit",
            _workbook(
                headers,
                rows(**{"Loại hoạt động": "<script>alert(1)</script>", "Đơn vị chủ trì": "'; DROP TABLE x; --"}),
            ),
        ),
        ("text in a number column", _workbook(headers, rows(**{"Suất quà (suất)": '=HYPERLINK("http://x")'}))),
        *((name, make()) for name, make in hostile.WORKBOOKS.items()),
    ]


@pytest.mark.parametrize("name", sorted(hostile.WORKBOOKS))
def test_crafted_workbooks_are_refused_before_they_cost_memory(name):
    """Each crafted workbook is refused by the reader itself, with at most a
    few MB of Python memory at its peak (the 300 MiB shared strings once took
    the server from 88 MB to 707 MB; the declared A1:XFD1048576 sheet held a
    worker for minutes)."""
    import tracemalloc

    from activities.exchange import read_workbook

    data = hostile.WORKBOOKS[name]()
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            read_workbook(data)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, (name, peak)
    _assert_vietnamese(refused.value.messages, name)


def test_openpyxl_parses_with_defusedxml():
    import openpyxl

    from activities.exchange import read_workbook

    assert openpyxl.DEFUSEDXML is True
    with pytest.raises(ValidationError):
        read_workbook(hostile.entity_expansion())


def test_a_normal_workbook_still_reads_after_the_bounds(world):
    """The bounds leave a real export alone: a sheet of 300 rows with every
    column, a dimension record and shared strings is read in full."""
    from activities import exchange

    headers = [c.header for c in exchange.columns()]
    rows = [[f"Hoạt động {i}" if h == "Tên hoạt động" else None for h in headers] for i in range(300)]
    header, body = exchange.read_workbook(_workbook(headers, rows))
    assert header == headers
    assert [values[headers.index("Tên hoạt động")] for _n, values in body] == [f"Hoạt động {i}" for i in range(300)]


def test_hostile_spreadsheets_are_refused_in_vietnamese_and_import_nothing(
    client, committee, secretary, world, programme, units
):
    from activities.models import Activity

    client.force_login(secretary)
    url = reverse("activities:import", kwargs={"committee": committee.slug})
    before = _counts()
    for case, data in _hostile_workbooks():
        response = client.post(url, {"programme": programme.pk, "file": SimpleUploadedFile("nhap.xlsx", data)})
        assert response.status_code == 200, case
        plan = response.context.get("plan")
        said = _refusals(response) + [e.message for e in (plan.errors if plan else [])]
        _assert_vietnamese(said, case)
        token = response.context.get("token")
        if token:  # a preview with errors cannot be confirmed
            client.post(url, {"token": token})
        assert _counts() == before, case
        body = response.content.decode()
        assert "<script>alert(1)" not in body, case
    assert Activity.objects.count() == 1
