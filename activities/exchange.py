"""Excel import and export of activities. The export format is the import
format: a user can export, edit and re-import. Rows are matched by their
reference, so importing the same file twice changes nothing."""

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from activities.models import MAX_AMOUNT, MAX_QUANTITY, Activity
from activities.selectors import editable_activities
from activities.services import activity_update, hold_open, refuse_locked
from coordination.models import Locality, Unit
from coordination.permissions import Access, Right, scope_units
from kit.archives import ZipBounds, open_bounded
from kit.fields import GroupedIntegerField, MoneyField, parse_id
from kit.text import fold, has_control_characters, nfc
from programmes.measures import FUNDING_MEASURES, QUANTITY_MEASURES
from programmes.models import ActivityCategory, Programme

SHEET_NAME = "Hoạt động"
LISTS_SHEET = "Danh mục"
ID_PREFIX = "ID:"
MAX_IMPORT_ROWS = 20000
MAX_IMPORT_COLUMNS = 60
WORKBOOK_BOUNDS = ZipBounds(max_parts=200, max_total_bytes=50 * 1024 * 1024, max_ratio=100)
MAX_TEXT = {"title": 500, "description": 5000, "external_ref": 100}


@dataclass(frozen=True)
class Column:
    key: str
    kind: str  # ref, year, text, date, category, unit, units, locality, int, money, status
    header: str
    width: int = 14
    required: bool = False


def columns() -> list[Column]:
    """The sheet's columns with Vietnamese headers, whatever the UI language."""
    with translation.override("vi"):
        cols = [
            Column("external_ref", "ref", "Mã tham chiếu", 16),
            Column("year", "year", "Năm", 8),
            Column("category", "category", "Loại hoạt động", 34, True),
            Column("title", "text", "Tên hoạt động", 48, True),
            Column("description", "text", "Mô tả", 40),
            Column("start_date", "date", "Ngày bắt đầu", 13, True),
            Column("end_date", "date", "Ngày kết thúc", 13, True),
            Column("lead_unit", "unit", "Đơn vị chủ trì", 34, True),
            Column("participating_units", "units", "Đơn vị phối hợp (cách nhau bởi ;)", 34),
            Column("locality", "locality", "Địa bàn", 26),
        ]
        cols += [
            Column(m.name, "int", f"{str(m.label).capitalize()} ({m.unit_of_measure})", 12) for m in QUANTITY_MEASURES
        ]
        cols += [Column(m.name, "money", f"{str(m.label).capitalize()} (đồng)", 16) for m in FUNDING_MEASURES]
        cols.append(Column("status", "status", "Trạng thái", 12))
    return cols


def _safe_csv(value):
    """Text that a spreadsheet would take for a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# -- export ---------------------------------------------------------------
def _row_values(activity: Activity, cols: list[Column], status_labels: dict) -> list:
    values = []
    for col in cols:
        if col.key == "external_ref":
            values.append(activity.external_ref or f"{ID_PREFIX}{activity.pk}")
        elif col.key == "year":
            values.append(activity.programme.year)
        elif col.key == "category":
            values.append(activity.category.name if activity.category_id else "")
        elif col.key == "lead_unit":
            values.append(activity.lead_unit.name)
        elif col.key == "participating_units":
            values.append("; ".join(u.name for u in activity.participating_units.all()))
        elif col.key == "locality":
            values.append(activity.locality.name if activity.locality_id else "")
        elif col.key == "status":
            values.append(status_labels[activity.status])
        else:
            values.append(getattr(activity, col.key))
    return values


def _export_rows(queryset) -> Iterable[list]:
    cols = columns()
    with translation.override("vi"):
        status_labels = {k: str(v) for k, v in Activity.Status.choices}
    rows = (
        queryset.select_related("programme", "category", "lead_unit", "locality")
        .prefetch_related("participating_units")
        .order_by("programme__year", "start_date", "id")
    )
    for activity in rows.iterator(chunk_size=2000):
        yield _row_values(activity, cols, status_labels)


def _cell(ws, value):
    """A cell of a write-only sheet; text is always text, never a formula,
    whatever it starts with, and without the characters a sheet cannot hold."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def export_xlsx(queryset) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cols = columns()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_NAME)
    for index, col in enumerate(cols):
        ws.column_dimensions[_letter(index)].width = col.width
    ws.freeze_panes = "A2"
    header = []
    for col in cols:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for values in _export_rows(queryset):
        row = []
        for col, value in zip(cols, values, strict=True):
            cell = _cell(ws, value)
            if col.kind == "date" and isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif col.kind in ("int", "money") and isinstance(value, int):
                cell.number_format = "#,##0"
            row.append(cell)
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_csv(queryset) -> Iterable[str]:
    """CSV lines (UTF-8 with BOM for Excel), dates as dd/mm/yyyy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    buffer.write("\ufeff")
    writer.writerow([c.header for c in columns()])
    yield flush()
    for values in _export_rows(queryset):
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else _safe_csv(v) for v in values])
        yield flush()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def template_xlsx(access: Access, programme: Programme | None) -> bytes:
    """An empty sheet with the import columns and drop-down lists of the
    categories and of the units the user may enter activities for."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = columns()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    ws.append([c.header for c in cols])
    for index, col in enumerate(cols):
        ws.cell(row=1, column=index + 1).font = Font(bold=True)
        ws.column_dimensions[_letter(index)].width = col.width
    ws.freeze_panes = "A2"
    lists = wb.create_sheet(LISTS_SHEET)
    categories = list(ActivityCategory.objects.values_list("name", flat=True))
    day = dt.date(programme.year, 12, 31) if programme else dt.date.today()
    units = list(scope_units(access).valid_on(day).values_list("name", flat=True))
    lists.append(["Loại hoạt động", "Đơn vị"])
    for i in range(max(len(categories), len(units))):
        lists.append([categories[i] if i < len(categories) else None, units[i] if i < len(units) else None])
    lists.sheet_state = "hidden"
    by_key = {c.key: _letter(i) for i, c in enumerate(cols)}
    for key, source_col, count in (("category", "A", len(categories)), ("lead_unit", "B", len(units))):
        if not count:
            continue
        dv = DataValidation(
            type="list", formula1=f"'{LISTS_SHEET}'!${source_col}$2:${source_col}${count + 1}", allow_blank=True
        )
        dv.error = "Chọn một giá trị trong danh sách."
        dv.errorTitle = "Giá trị không hợp lệ"
        ws.add_data_validation(dv)
        dv.add(f"{by_key[key]}2:{by_key[key]}{MAX_IMPORT_ROWS + 1}")
    help_sheet = wb.create_sheet("Hướng dẫn")
    for line in [
        'Mỗi dòng của trang "Hoạt động" là một hoạt động. Dòng 1 là tiêu đề, không sửa.',
        "Ngày ghi theo dạng dd/mm/yyyy, ví dụ 05/02/2023.",
        "Số tiền ghi bằng đồng, ví dụ 2.000.000 hoặc 2000000.",
        "Loại hoạt động và Đơn vị chủ trì chọn trong danh sách thả xuống.",
        "Mã tham chiếu: để trống thì hệ thống tự tạo; nhập lại cùng tệp không tạo bản ghi trùng.",
        "Cột Trạng thái chỉ để xem; hoạt động nhập mới ở trạng thái Dự thảo.",
    ]:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- import -----------------------------------------------------------------
@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParsedRow:
    row: int
    ref: str
    fields: dict
    participating: list
    existing_pk: int | None = None

    @property
    def amount(self) -> int:
        """The row's total value, as the list would show it."""
        return sum(self.fields.get(m.name) or 0 for m in FUNDING_MEASURES)


@dataclass
class ImportPlan:
    programme: Programme
    creates: list[ParsedRow] = field(default_factory=list)
    updates: list[ParsedRow] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return len(self.creates) + len(self.updates) + self.unchanged


class _Lookups:
    """Everything a row refers to, loaded once, matched by folded name."""

    def __init__(self, access: Access, programme: Programme):
        committee = access.committee
        self.categories: dict[str, ActivityCategory] = {}
        for c in ActivityCategory.objects.all():
            self.categories[fold(c.name)] = c
            self.categories[fold(c.code)] = c
        self.entry_unit_ids = set(scope_units(access).values_list("pk", flat=True))
        self.units: dict[str, list[Unit]] = {}
        for u in Unit.objects.filter(committee=committee):
            for name in {u.name, u.short_name} - {""}:
                self.units.setdefault(fold(name), []).append(u)
        self.localities: dict[str, list[Locality]] = {}
        for loc in Locality.objects.select_related("parent"):
            self.localities.setdefault(fold(loc.name), []).append(loc)
            if loc.parent_id:
                self.localities.setdefault(fold(f"{loc.name}, {loc.parent.name}"), []).append(loc)

    @staticmethod
    def _valid_on(candidates, day):
        if len(candidates) <= 1 or day is None:
            return candidates
        fitting = [c for c in candidates if c.is_valid_on(day)]
        return fitting or candidates

    def unit(self, name: str, day) -> Unit | None:
        found = self._valid_on(self.units.get(fold(name), []), day)
        return found[0] if len(found) == 1 else None

    def locality(self, name: str, day) -> Locality | None:
        found = self._valid_on(self.localities.get(fold(name), []), day)
        return found[0] if len(found) == 1 else None


def _parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in formats.get_format("DATE_INPUT_FORMATS", lang="vi"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(_("“%(value)s” is not a date in the form dd/mm/yyyy.") % {"value": text[:40]})


def _parse_number(value, money: bool):
    if value in (None, ""):
        return 0
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(_("Enter a whole number."))
        value = int(value)
    if isinstance(value, int):
        if value < 0:
            raise ValidationError(_("The number cannot be negative."))
        if value > (MAX_AMOUNT if money else MAX_QUANTITY):
            raise ValidationError(_("This number is implausibly large."))
        return value
    field_class = MoneyField if money else GroupedIntegerField
    return field_class(max_value=MAX_AMOUNT if money else MAX_QUANTITY, required=False).clean(str(value)) or 0


def _auto_ref(year: int, fields: dict) -> str:
    """A reference made from what identifies the row, so a file imported
    twice without references still matches itself."""
    key = "|".join(
        str(x)
        for x in (year, fields.get("title"), fields.get("start_date"), getattr(fields.get("lead_unit"), "pk", ""))
    )
    return "AUTO-" + hashlib.sha1(key.encode()).hexdigest()[:12].upper()


def read_workbook(data: bytes) -> tuple[list[str], list[tuple[int, list]]]:
    """The header and the non-empty rows of the activity sheet, read within
    bounds: the container is checked before anything is inflated, the sheet's
    declared size before its rows are read, and every row counts toward the
    limit, empty or not, so a sheet that declares a million rows or columns
    costs nothing. XML is parsed by defusedxml (openpyxl uses it when it is
    installed), so entity tricks are refused."""
    from openpyxl import load_workbook

    archive = open_bounded(data, WORKBOOK_BOUNDS)
    archive.close()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx) or it is damaged.")) from None
    try:
        ws = wb[SHEET_NAME] if SHEET_NAME in wb.sheetnames else wb.worksheets[0]
        declared_rows, declared_cols = ws.max_row or 0, ws.max_column or 0
        if declared_rows > MAX_IMPORT_ROWS + 1 or declared_cols > MAX_IMPORT_COLUMNS:
            raise ValidationError(
                _(
                    "The sheet declares %(rows)s rows and %(cols)s columns; at most %(max_rows)s rows "
                    "and %(max_cols)s columns are accepted. Delete the empty rows and columns below "
                    "and to the right of the table, or split the file."
                )
                % {
                    "rows": declared_rows,
                    "cols": declared_cols,
                    "max_rows": MAX_IMPORT_ROWS + 1,
                    "max_cols": MAX_IMPORT_COLUMNS,
                }
            )
        rows = ws.iter_rows(max_row=MAX_IMPORT_ROWS + 2, max_col=MAX_IMPORT_COLUMNS, values_only=True)
        try:
            header = [nfc(str(h)).strip() if h is not None else "" for h in next(rows)]
        except StopIteration:
            raise ValidationError(_("The sheet is empty.")) from None
        while header and not header[-1]:
            header.pop()
        body = []
        for number, values in enumerate(rows, start=2):
            if number > MAX_IMPORT_ROWS + 1:
                raise ValidationError(
                    _("The file has more than %(max)s rows (empty rows count too); split it.")
                    % {"max": MAX_IMPORT_ROWS}
                )
            if all(v in (None, "") for v in values):
                continue
            body.append((number, list(values)))
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx) or it is damaged.")) from None
    finally:
        wb.close()
    if not body:
        raise ValidationError(_("The sheet has its column headings but no activity below them."))
    return header, body


def plan_import(*, access: Access, programme: Programme, data: bytes) -> ImportPlan:
    """Reads and checks every row; changes nothing."""
    access.require(Right.ENTER_ACTIVITIES)
    plan = ImportPlan(programme=programme)
    if programme.is_closed:
        plan.errors.append(RowError(0, "", _("The %(year)s programme year is closed.") % {"year": programme.year}))
        return plan
    header, body = read_workbook(data)
    cols = columns()
    by_header = {fold(c.header): c for c in cols}
    positions: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(header):
        if not title:
            continue
        col = by_header.get(fold(title))
        if col is None:
            unknown.append(title)
        else:
            positions[col.key] = index
    missing = [c.header for c in cols if c.required and c.key not in positions]
    if unknown or missing:
        if missing:
            plan.errors.append(RowError(1, "", _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}))
        if unknown:
            plan.errors.append(RowError(1, "", _("Unknown columns: %(cols)s.") % {"cols": ", ".join(unknown[:10])}))
        return plan

    lookups = _Lookups(access, programme)
    parsed: list[ParsedRow] = []
    seen_refs: dict[str, int] = {}
    for number, values in body:
        row_errors: list[RowError] = []
        fields: dict = {}
        ref = ""
        participating: list[Unit] = []

        def cell(key, values=values):
            index = positions.get(key)
            value = values[index] if index is not None and index < len(values) else None
            return nfc(value.strip()) if isinstance(value, str) else value

        def err(col: Column, message, number=number, row_errors=row_errors):
            row_errors.append(RowError(number, col.header, str(message)))

        start_day = None
        for col in cols:
            raw = cell(col.key)
            try:
                if col.kind == "ref":
                    ref = str(raw or "").strip()[: MAX_TEXT["external_ref"]]
                elif col.kind == "year":
                    if isinstance(raw, float) and raw.is_integer():
                        raw = int(raw)  # a year typed in Excel may come back as 2023.0
                    if raw not in (None, "") and str(raw).strip() != str(programme.year):
                        err(
                            col,
                            _("This row belongs to %(year)s, not %(expected)s.")
                            % {"year": str(raw)[:10], "expected": programme.year},
                        )
                elif col.kind == "text":
                    text = str(raw or "").strip()
                    if has_control_characters(text):
                        err(col, _("The text contains control characters."))
                    elif len(text) > MAX_TEXT[col.key]:
                        err(col, _("At most %(max)s characters.") % {"max": MAX_TEXT[col.key]})
                    elif col.required and not text:
                        err(col, _("Required."))
                    fields[col.key] = text
                elif col.kind == "date":
                    value = _parse_date(raw)
                    if value is None and col.required:
                        err(col, _("Required."))
                    fields[col.key] = value
                    if col.key == "start_date":
                        start_day = value
                elif col.kind == "category":
                    category = lookups.categories.get(fold(str(raw or "")))
                    if category is None:
                        err(col, _("Unknown category “%(value)s”.") % {"value": str(raw or "")[:60]})
                    fields["category"] = category
                elif col.kind in ("int", "money"):
                    fields[col.key] = _parse_number(raw, money=col.kind == "money")
            except ValidationError as error:
                err(col, " ".join(error.messages))
        for col in cols:
            raw = cell(col.key)
            if col.kind == "unit":
                unit = lookups.unit(str(raw or ""), start_day) if raw else None
                if unit is None:
                    err(col, _("Unknown or ambiguous unit “%(value)s”.") % {"value": str(raw or "")[:80]})
                elif unit.pk not in lookups.entry_unit_ids:
                    err(col, _("You cannot enter activities for the unit “%(value)s”.") % {"value": unit.name})
                fields["lead_unit"] = unit
            elif col.kind == "units" and raw:
                for name in str(raw).split(";"):
                    if not name.strip():
                        continue
                    unit = lookups.unit(name.strip(), start_day)
                    if unit is None:
                        err(col, _("Unknown or ambiguous unit “%(value)s”.") % {"value": name.strip()[:80]})
                    elif unit not in participating:
                        participating.append(unit)
            elif col.kind == "locality" and raw:
                locality = lookups.locality(str(raw), start_day)
                if locality is None:
                    err(col, _("Unknown or ambiguous locality “%(value)s”.") % {"value": str(raw)[:80]})
                fields["locality"] = locality
        # The row's own rules too, on the cells that could be read, so the
        # errors of a file come all at once and not in waves.
        failed = {e.column for e in row_errors}
        activity = Activity(programme=programme, **{k: v for k, v in fields.items()})
        try:
            activity.clean()
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                header_name = next((c.header for c in cols if c.key == key), "")
                if header_name in failed:
                    continue
                for message in messages:
                    row_errors.append(RowError(number, header_name, message))
        if not row_errors:
            if not ref:
                ref = _auto_ref(programme.year, fields)
            if ref in seen_refs:
                row_errors.append(
                    RowError(number, cols[0].header, _("The reference repeats row %(row)s.") % {"row": seen_refs[ref]})
                )
            seen_refs[ref] = number
        plan.errors.extend(row_errors)
        if not row_errors:
            fields.setdefault("locality", None)
            parsed.append(ParsedRow(number, ref, fields, participating))
    # The rows that could be read are matched even when others have errors:
    # a row that may not be changed is said now, not after the others are fixed.
    _match_existing(access, programme, parsed, plan)
    plan.errors.sort(key=lambda e: e.row)
    return plan


def error_rows_xlsx(data: bytes, errors: list[RowError]) -> bytes:
    """The rows of an uploaded file that have errors, as they were typed,
    each with its errors in a last column: to fix and upload again."""
    from openpyxl import Workbook

    header, body = read_workbook(data)
    by_row: dict[int, list[str]] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(f"{e.column}: {e.message}" if e.column else e.message)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(_("Rows with errors")))
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, v) for v in [*header, str(_("Errors"))]])
    for number, values in body:
        if number in by_row:
            cells = list(values[: len(header)])
            padded = [*cells, *([None] * (len(header) - len(cells))), "; ".join(by_row[number])]
            ws.append([_cell(ws, v) for v in padded])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_COMPARED = (
    "category",
    "title",
    "description",
    "start_date",
    "end_date",
    "lead_unit",
    "locality",
    *[m.name for m in QUANTITY_MEASURES],
    *[m.name for m in FUNDING_MEASURES],
)


def _match_existing(access: Access, programme: Programme, parsed: list[ParsedRow], plan: ImportPlan) -> None:
    ids = [parse_id(r.ref[len(ID_PREFIX) :]) for r in parsed if r.ref.startswith(ID_PREFIX)]
    ids = [i for i in ids if i is not None]
    refs = [r.ref for r in parsed if not r.ref.startswith(ID_PREFIX)]
    existing = Activity.objects.filter(programme=programme).prefetch_related("participating_units")
    by_pk = {a.pk: a for a in existing.filter(pk__in=ids)}
    by_ref = {a.external_ref: a for a in existing.filter(external_ref__in=refs)}
    editable = set(
        editable_activities(access)
        .filter(pk__in=[*by_pk, *(a.pk for a in by_ref.values())])
        .values_list("pk", flat=True)
    )
    for row in parsed:
        if row.ref.startswith(ID_PREFIX):
            activity = by_pk.get(parse_id(row.ref[len(ID_PREFIX) :]))
            if activity is None:
                plan.errors.append(
                    RowError(
                        row.row, columns()[0].header, _("No activity %(ref)s in this programme.") % {"ref": row.ref}
                    )
                )
                continue
        else:
            activity = by_ref.get(row.ref)
            if activity is None:
                row.fields["external_ref"] = row.ref
                plan.creates.append(row)
                continue
        same = all(
            getattr(activity, k if k not in ("category", "lead_unit", "locality") else f"{k}_id")
            == (
                getattr(row.fields.get(k), "pk", None)
                if k in ("category", "lead_unit", "locality")
                else row.fields.get(k)
            )
            for k in _COMPARED
        )
        same = same and {u.pk for u in activity.participating_units.all()} == {u.pk for u in row.participating}
        if same:
            plan.unchanged += 1
        elif activity.pk not in editable:
            plan.errors.append(
                RowError(
                    row.row,
                    columns()[0].header,
                    _("Activity %(ref)s is confirmed or not yours: it cannot be changed by import.") % {"ref": row.ref},
                )
            )
        else:
            row.existing_pk = activity.pk
            plan.updates.append(row)


@transaction.atomic
def apply_import(*, access: Access, user, plan: ImportPlan) -> ImportPlan:
    """Writes a checked plan, all or nothing."""
    from simple_history.utils import bulk_create_with_history

    if not plan.ok:
        raise ValidationError(_("The file has errors; nothing was imported."))
    hold_open(plan.programme.pk)
    programme = Programme.objects.get(pk=plan.programme.pk)
    dates = [row.fields.get("start_date") for row in plan.creates + plan.updates]
    dates += list(
        Activity.objects.filter(pk__in=[row.existing_pk for row in plan.updates]).values_list("start_date", flat=True)
    )
    refuse_locked(programme.pk, *dates)
    new = []
    for row in plan.creates:
        activity = Activity(programme=programme, created_by=user, status=Activity.Status.DRAFT, **row.fields)
        for name in ("title", "description", "external_ref"):
            setattr(activity, name, nfc(getattr(activity, name)))
        activity.search_text = activity.build_search_text()
        activity.committee_id = programme.committee_id
        new.append(activity)
    created = bulk_create_with_history(new, Activity, batch_size=1000, default_user=user)
    if len(created) and created[0].pk is None:  # backends without RETURNING
        refs = [a.external_ref for a in new]
        created = list(Activity.objects.filter(programme=programme, external_ref__in=refs))
    by_ref = {a.external_ref: a for a in created}
    through = Activity.participating_units.through
    links = [
        through(activity_id=by_ref[row.fields["external_ref"]].pk, unit_id=u.pk)
        for row in plan.creates
        for u in row.participating
    ]
    through.objects.bulk_create(links, batch_size=2000)
    for row in plan.updates:
        current = Activity.objects.get(pk=row.existing_pk)
        fields = {k: v for k, v in row.fields.items() if k != "external_ref"}
        activity_update(
            access=access,
            user=user,
            activity_id=current.pk,
            expected_version=current.version,
            fields=fields,
            participating_units=row.participating,
        )
    return plan


def table_xlsx(title: str, header: list[str], rows) -> bytes:
    """A one-sheet workbook of a page's table (the completeness board):
    the header in bold, text kept as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    bold = []
    for text in header:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        bold.append(cell)
    ws.append(bold)
    for row in rows:
        ws.append([_cell(ws, value) for value in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
