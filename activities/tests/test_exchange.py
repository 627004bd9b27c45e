import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from activities import exchange
from activities.models import Activity
from devtools.factories import ActivityFactory

HEADERS = [c.header for c in exchange.columns()]


def workbook(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = exchange.SHEET_NAME
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(**values):
    base = {
        "Loại hoạt động": "Thăm, tặng quà đối tượng chính sách",
        "Tên hoạt động": "Tặng quà gia đình chính sách xã B",
        "Ngày bắt đầu": "05/02/2023",
        "Ngày kết thúc": dt.datetime(2023, 2, 6),
        "Đơn vị chủ trì": "Ban CHQS huyện A",
        "Suất quà (suất)": 100,
        "Xã hội hóa (đồng)": "50.000.000",
    }
    base.update(values)
    return base


def _import(client, url, programme, data, confirm=True):
    response = client.post(url("import"), {"programme": programme.pk, "file": SimpleUploadedFile("a.xlsx", data)})
    if confirm and response.context.get("token"):
        response = client.post(url("import"), {"token": response.context["token"]})
    return response


def test_import_previews_then_creates_drafts(client, secretary, url, programme, units):
    client.force_login(secretary)
    data = workbook([row(), row(**{"Tên hoạt động": "Khác", "Đơn vị phối hợp (cách nhau bởi ;)": "Ban CHQS xã B"})])
    preview = _import(client, url, programme, data, confirm=False)
    assert "2 hoạt động mới" in preview.content.decode()
    assert not Activity.objects.exists()  # nothing before the confirmation
    client.post(url("import"), {"token": preview.context["token"]})
    activities = Activity.objects.order_by("title")
    assert activities.count() == 2
    first = activities.get(title="Tặng quà gia đình chính sách xã B")
    assert first.status == "draft" and first.gifts == 100 and first.funding_social == 50_000_000
    assert first.end_date == dt.date(2023, 2, 6)
    assert [u.name for u in activities.get(title="Khác").participating_units.all()] == ["Ban CHQS xã B"]


def test_importing_the_same_file_twice_changes_nothing(client, secretary, url, programme, units):
    client.force_login(secretary)
    data = workbook([row(), row(**{"Mã tham chiếu": "HD-7", "Tên hoạt động": "Có mã"})])
    _import(client, url, programme, data)
    before = list(Activity.objects.order_by("pk").values())
    history = Activity.history.count()
    response = _import(client, url, programme, data)
    assert "2 dòng không có thay đổi" in response.content.decode()
    assert list(Activity.objects.order_by("pk").values()) == before
    assert Activity.history.count() == history


def test_export_edit_reimport_round_trip(client, standing_office, url, programme, units, gifts_category):
    a = ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        category=gifts_category,
        status="draft",
        title='=HYPERLINK("http://x")',
        funding_state=1_000_000,
    )
    a.participating_units.add(units["union"])
    client.force_login(standing_office)
    exported = client.get(url("export_xlsx"), {"year": 2023}).content
    ws = load_workbook(io.BytesIO(exported))[exchange.SHEET_NAME]
    header = [c.value for c in ws[1]]
    assert header == HEADERS
    values = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert values["Tên hoạt động"] == '=HYPERLINK("http://x")'
    assert ws.cell(row=2, column=header.index("Tên hoạt động") + 1).data_type == "s"  # text, not a formula
    assert isinstance(values["Ngân sách nhà nước (đồng)"], int)
    assert isinstance(values["Ngày bắt đầu"], dt.datetime)
    # Re-import unchanged: nothing happens; change one amount: only that changes.
    out = io.BytesIO()
    load_workbook(io.BytesIO(exported)).save(out)
    assert "1 dòng không có thay đổi" in _import(client, url, programme, out.getvalue(), confirm=False).content.decode()
    wb = load_workbook(io.BytesIO(exported))
    wb[exchange.SHEET_NAME].cell(row=2, column=header.index("Ngân sách nhà nước (đồng)") + 1).value = 3_000_000
    out = io.BytesIO()
    wb.save(out)
    _import(client, url, programme, out.getvalue())
    a.refresh_from_db()
    assert a.funding_state == 3_000_000 and a.version == 2


def test_csv_export_quotes_formula_like_text_and_prints_vietnamese_dates(
    client, standing_office, url, programme, units
):
    ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        title="=1+2",
        start_date=dt.date(2023, 3, 5),
        end_date=dt.date(2023, 3, 5),
    )
    client.force_login(standing_office)
    response = client.get(url("export_csv"), {"year": 2023})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADERS
    assert rows[1][HEADERS.index("Tên hoạt động")] == "'=1+2"
    assert rows[1][HEADERS.index("Ngày bắt đầu")] == "05/03/2023"


def test_export_respects_scope(client, secretary, url, programme, units):
    ActivityFactory(programme=programme, lead_unit=units["district"], title="Của huyện")
    ActivityFactory(programme=programme, lead_unit=units["union"], title="Của hội")
    client.force_login(secretary)
    ws = load_workbook(io.BytesIO(client.get(url("export_xlsx"), {"year": 2023}).content))[exchange.SHEET_NAME]
    titles = [r[HEADERS.index("Tên hoạt động")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Của huyện"]


BAD_ROWS = [
    ({"Ngày bắt đầu": "31/02/2023"}, "dd/mm/yyyy"),
    ({"Ngày bắt đầu": "05/02/2022", "Ngày kết thúc": "06/02/2022"}, "ngoài năm"),
    ({"Ngày kết thúc": "01/02/2023"}, "trước ngày bắt đầu"),
    ({"Loại hoạt động": "Không có loại này"}, "Không có loại hoạt động"),
    ({"Đơn vị chủ trì": "Hội Nông dân tỉnh"}, "không được nhập"),
    ({"Đơn vị chủ trì": "Đơn vị ma"}, "Không tìm thấy đơn vị"),
    ({"Suất quà (suất)": -3}, "không được âm"),
    ({"Suất quà (suất)": 2.5}, "số nguyên"),
    ({"Xã hội hóa (đồng)": "hai triệu"}, "đồng"),
    ({"Tên hoạt động": ""}, "Bắt buộc"),
    ({"Tên hoạt động": "x" * 501}, "500"),
    ({"Năm": 2022}, "thuộc năm 2022"),
]


@pytest.mark.parametrize(("values", "message"), BAD_ROWS)
def test_a_bad_row_is_reported_with_its_number_and_nothing_is_imported(
    client, secretary, url, programme, units, values, message
):
    client.force_login(secretary)
    response = _import(client, url, programme, workbook([row(), row(**values)]))
    errors = response.context["plan"].errors
    assert errors and all(e.row == 3 for e in errors), errors
    assert message in " ".join(e.message for e in errors)
    assert not Activity.objects.exists()


def test_wrong_columns_are_reported(client, secretary, url, programme, units):
    client.force_login(secretary)
    response = _import(client, url, programme, workbook([{"Tên": "x"}], headers=["Tên", "Số tiền"]))
    text = " ".join(e.message for e in response.context["plan"].errors)
    assert "Thiếu cột" in text and "Cột không đúng mẫu" in text


@pytest.mark.parametrize("data", [b"", b"not a spreadsheet", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_workbook_gets_a_message(client, secretary, url, programme, data):
    client.force_login(secretary)
    response = client.post(url("import"), {"programme": programme.pk, "file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Activity.objects.exists()


def test_template_has_vietnamese_headers_and_drop_downs(client, secretary, url, programme, units):
    client.force_login(secretary)
    wb = load_workbook(io.BytesIO(client.get(url("import_template")).content))
    ws = wb[exchange.SHEET_NAME]
    assert [c.value for c in ws[1]] == HEADERS
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert len(formulas) == 2 and all(exchange.LISTS_SHEET in f for f in formulas)
    units_in_list = [r[1] for r in wb[exchange.LISTS_SHEET].iter_rows(min_row=2, values_only=True) if r[1]]
    assert sorted(units_in_list) == ["Ban CHQS huyện A", "Ban CHQS xã B"]


def test_management_command_imports_and_fails_loudly(tmp_path, committee, programme, units):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook([row()]))
    out = io.StringIO()
    call_command("import_activities", str(good), "--committee", committee.slug, "--year", "2023", stdout=out)
    assert Activity.objects.count() == 1 and "1 hoạt động mới" in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([row(**{"Tên hoạt động": "Mới"}), row(**{"Ngày bắt đầu": "xx"})]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_activities", str(bad), "--committee", committee.slug, "--year", "2023", stderr=err)
    assert "Dòng 3" in err.getvalue()
    assert Activity.objects.count() == 1


def test_a_year_typed_as_a_decimal_number_in_excel_is_accepted(client, secretary, url, programme, units):
    client.force_login(secretary)
    response = _import(client, url, programme, workbook([row(**{"Năm": 2023.0})]), confirm=False)
    assert response.context["plan"].ok


def test_every_error_of_a_file_comes_at_once_and_the_bad_rows_come_back(client, secretary, url, programme, units):
    confirmed = ActivityFactory(
        programme=programme, lead_unit=units["district"], status="confirmed", external_ref="DA-1", title="Đã duyệt"
    )
    client.force_login(secretary)
    data = workbook(
        [
            row(),  # good
            # A cell that cannot be read and a rule broken by another cell of the same row.
            row(**{"Suất quà (suất)": "nhiều", "Ngày kết thúc": "01/02/2023"}),
            # A confirmed activity cannot be changed: said now, not once the other rows are fixed.
            row(**{"Mã tham chiếu": "DA-1", "Tên hoạt động": "Sửa bản đã duyệt"}),
            row(**{"Tên hoạt động": "Tuyên truyền", "Mô tả": "=1+1 chỉ là chữ", "Đơn vị chủ trì": "Không có"}),
        ]
    )
    response = _import(client, url, programme, data, confirm=False)
    errors = response.context["plan"].errors
    assert [(e.row, e.column) for e in errors] == [
        (3, "Suất quà (suất)"),
        (3, "Ngày kết thúc"),
        (4, "Mã tham chiếu"),
        (5, "Đơn vị chủ trì"),
    ]
    assert not Activity.objects.exclude(pk=confirmed.pk).exists()
    page = response.content.decode()
    assert "Tải các dòng có lỗi" in page
    download = client.get(url("import_errors"))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Lỗi" and rows[0][: len(HEADERS)] == tuple(HEADERS)
    assert [r[HEADERS.index("Tên hoạt động")] for r in rows[1:]] == [
        "Tặng quà gia đình chính sách xã B",
        "Sửa bản đã duyệt",
        "Tuyên truyền",
    ]
    assert sheet.cell(4, 1 + HEADERS.index("Tên hoạt động")).data_type == "s"
    assert "Suất quà (suất)" in rows[1][-1] and "Ngày kết thúc" in rows[1][-1]
    assert "đã được duyệt" in rows[2][-1] or "không thể" in rows[2][-1]


def test_the_preview_lists_the_rows_and_the_import_lands_on_the_new_drafts(client, secretary, url, programme, units):
    client.force_login(secretary)
    form = client.get(url("import")).context["form"]
    assert form["programme"].value() == programme.pk  # the only year open is chosen
    data = workbook([row(), row(**{"Tên hoạt động": "Hội nghị tuyên truyền", "Xã hội hóa (đồng)": "1.500.000"})])
    preview = _import(client, url, programme, data, confirm=False)
    page = preview.content.decode()
    assert "Hội nghị tuyên truyền" in page and "1.500.000" in page and "50.000.000" in page
    done = client.post(url("import"), {"token": preview.context["token"]})
    assert done["Location"].endswith(f"?year={programme.year}&status=draft")
