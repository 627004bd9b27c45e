"""What a printed document says: its letterhead and signature (stored with
each run), and the content of the yearly review with its annexes."""

import datetime as dt
import hashlib
import itertools
import json

from django.db.models import Count, Max, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from activities.models import AMOUNT, Activity, Counting
from coordination.models import Member, Unit
from kit.collation import vi_sorted
from kit.templatetags.vn import num
from programmes.measures import FUNDING_MEASURES, MEASURES, QUANTITY_MEASURES
from programmes.models import ActivityCategory, Programme
from reports import charts, figures
from reports.models import ReportRun, ReviewDraft
from reports.profiles import PROFILES, ROMAN
from reports.words import amount_in_words

DEFAULT_DISTRIBUTION = [
    "- Ban Thường vụ Tỉnh ủy (b/c);",
    "- Các đồng chí thành viên Ban Chỉ đạo;",
    "- Các cơ quan, đơn vị thành viên;",
]
# "Nơi nhận" of the kinds that are not sent up as a report.
DISTRIBUTIONS = {
    "invitation": ["- Như thành phần mời;"],
    "minutes": ["- Các đồng chí dự họp;", "- Các cơ quan, đơn vị thành viên;"],
    "conclusions": ["- Các đồng chí thành viên Ban Chỉ đạo;"],
}

# Thematic annexes: (title, category codes, measures shown).
THEMES = [
    ("Kết quả tuyên truyền, vận động nhân dân", ["tuyen-truyen"], ["sessions", "participants"]),
    (
        "Kết quả giúp nhân dân phát triển kinh tế – xã hội, xây dựng nông thôn mới",
        ["nong-thon-moi"],
        ["man_days", "participants", "beneficiaries"],
    ),
    (
        "Kết quả xây dựng, sửa chữa nhà đồng đội, nhà tình nghĩa, nhà đại đoàn kết",
        ["nha-dong-doi", "nha-tinh-nghia", "nha-dai-doan-ket"],
        ["houses_built", "houses_repaired", "man_days"],
    ),
    ("Kết quả thăm, tặng quà đối tượng chính sách", ["qua-chinh-sach"], ["gifts", "beneficiaries"]),
    ("Kết quả khám bệnh, cấp thuốc miễn phí", ["kham-benh"], ["people_examined", "sessions"]),
    ("Kết quả Tuần cao điểm Tết vì người nghèo", ["tet-vi-nguoi-ngheo"], ["gifts", "beneficiaries", "participants"]),
    ("Kết quả thực hiện mô hình “Dân vận khéo”", ["dan-van-kheo"], ["participants", "beneficiaries"]),
    ("Kết quả phòng chống thiên tai, tìm kiếm cứu nạn", ["thien-tai"], ["man_days", "participants", "beneficiaries"]),
]


def signature(profile_code: str, signer: Member | None) -> dict:
    """The signature block's lines: the authority ("T/M BAN CHỈ ĐẠO" or
    "TM. BAN CHỈ ĐẠO"), "K/T TRƯỞNG BAN" when a deputy signs for the head,
    the signer's title and name."""
    profile = PROFILES.get(profile_code, PROFILES["party"])
    head = signer is None or signer.role == Member.Role.HEAD
    return {
        "authority": f"{profile.collective} BAN CHỈ ĐẠO",
        "signing_for": "" if head else f"{profile.signing_for} TRƯỞNG BAN",
        "signer_title": "TRƯỞNG BAN" if head else signer.get_role_display().upper(),
        "signer_name": signer.full_name if signer else "",
    }


# A head's title as the signature block prints it, when the position starts
# with one of them ("Chính ủy Bộ CHQS tỉnh" signs as CHÍNH ỦY).
TITLES = (
    "Phó Trưởng ban",
    "Trưởng ban",
    "Phó Chính ủy",
    "Chính ủy",
    "Phó Chỉ huy trưởng",
    "Chỉ huy trưởng",
    "Phó Chủ tịch",
    "Chủ tịch",
    "Phó Bí thư",
    "Bí thư",
    "Phó Giám đốc",
    "Giám đốc",
    "Tư lệnh",
)
PARTY_KINDS = {Unit.Kind.PARTY_COMMISSION, Unit.Kind.LOCAL_COMMITTEE}


def co_chairs(committee, on: dt.date | None = None) -> list[tuple[Unit, Member]]:
    """The heads of the bodies that co-run the programme, on a day: for each
    co-running body, its most senior member of the committee then in office
    (head, then standing deputy, then deputy). The standing office's body
    comes first. A body with no such member is left out."""
    on = on or timezone.localdate()
    bodies = sorted(committee.co_running_units.all(), key=lambda u: (u.pk != committee.standing_office_id, u.name))
    seniority = {Member.Role.HEAD: 0, Member.Role.STANDING_DEPUTY: 1, Member.Role.DEPUTY: 2}
    members = (
        Member.objects.filter(committee=committee, unit__in=bodies, role__in=list(seniority))
        .filter(Q(term_start__isnull=True) | Q(term_start__lte=on))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
        .select_related("user")
    )
    best: dict[int, Member] = {}
    for m in members:
        current = best.get(m.unit_id)
        if current is None or (seniority[m.role], m.order) < (seniority[current.role], current.order):
            best[m.unit_id] = m
    return [(body, best[body.pk]) for body in bodies if body.pk in best]


def joint_signatures(committee, on: dt.date) -> list[dict]:
    """One signature block per co-running body, each in its own format: the
    Party body's "T/M BAN DÂN VẬN TỈNH ỦY" beside the military command's
    "TM. BỘ CHỈ HUY QUÂN SỰ TỈNH", the head's title, rank and name."""
    blocks = []
    for body, member in co_chairs(committee, on):
        profile = PROFILES["party" if body.kind in PARTY_KINDS else "state"]
        position = member.position or ""
        title = next((t for t in TITLES if position.lower().startswith(t.lower())), position or "")
        # "Ban Dân vận Tỉnh ủy Sơn Hà" signs as BAN DÂN VẬN TỈNH ỦY: the
        # letterhead already names the province.
        name = body.name
        if committee.place_name and name.endswith(" " + committee.place_name):
            name = name.removesuffix(" " + committee.place_name)
        blocks.append(
            {
                "authority": f"{profile.collective} {name.upper()}",
                "signer_title": title.upper(),
                "signer_name": " ".join(part for part in (member.rank, member.full_name) if part),
            }
        )
    return blocks


def default_meta(committee, programme: Programme, *, day: dt.date | None = None, kind: str | None = None) -> dict:
    """Letterhead, number, date, signer and distribution as the committee
    usually prints them; the user edits them before printing."""
    head = Member.objects.filter(committee=committee, role=Member.Role.HEAD, term_end__isnull=True).first()
    return {
        "profile": committee.document_profile,
        "parent_body": committee.letterhead_parent,
        "issuing_body": committee.letterhead_body or committee.name.upper(),
        "number": "",
        "doc_type": "BC",
        "symbol": committee.document_symbol or "BCĐ",
        "place": committee.place_name or "",
        "date": (day or timezone.localdate()).isoformat(),
        **signature(committee.document_profile, head),
        "distribution": [
            *DISTRIBUTIONS.get(kind, DEFAULT_DISTRIBUTION),
            PROFILES[committee.document_profile].distribution_last,
        ],
    }


def programme_ids(committee_id: int, start: int, end: int) -> list[int]:
    return list(
        Programme.objects.filter(committee=committee_id, year__gte=start, year__lte=end)
        .order_by("year")
        .values_list("pk", flat=True)
    )


def previous_programme(programme: Programme) -> Programme | None:
    return Programme.objects.filter(committee=programme.committee_id, year=programme.year - 1).first()


def activity_state(programme_ids: list[int]) -> list[dict]:
    """Count, last change, highest id and amount of the activities of these
    programmes per status: it changes whenever one is added, changed or
    removed."""
    return list(
        Activity.objects.filter(programme_id__in=programme_ids)
        .order_by()
        .values("programme_id", "status")
        .annotate(n=Count("id"), last=Max("updated_at"), top=Max("id"), amount=Sum(AMOUNT))
        .order_by("programme_id", "status")
    )


def digest(payload) -> str:
    """SHA-256 of a JSON-able value, the same for equal values."""
    return hashlib.sha256(json.dumps(payload, default=str, sort_keys=True).encode()).hexdigest()


def activities_fingerprint(programme_ids: list[int]) -> str:
    """Changes whenever an activity of these programmes is added, changed or
    removed."""
    return digest(activity_state(programme_ids))


def data_fingerprint(programme: Programme, previous: Programme | None) -> str:
    """The state of the activities of the year and the year before."""
    return activities_fingerprint([programme.pk] + ([previous.pk] if previous else []))


def snapshot(f: figures.YearFigures) -> dict:
    """The figures a document printed, to compare with the data later."""

    def sums(s: figures.Sums) -> dict:
        return {"count": s.count, "amount_total": s.amount_total, **{k: s[k] for k in s.values}}

    return {
        "year": f.year,
        "total": sums(f.total),
        "categories": {r.label: sums(r.sums) for r in f.categories},
        "targets": {f"{t.category} – {t.label}{' – ' + t.unit if t.unit else ''}": t.actual for t in f.targets},
    }


def snapshot_changes(old: dict, new: dict) -> list[tuple[str, object, object]]:
    """(what, printed, now) for every figure that differs."""
    changes = []
    for key, label in (("count", TOTAL_COUNT), ("amount_total", TOTAL_AMOUNT)):
        if old.get("total", {}).get(key) != new["total"].get(key):
            changes.append((label, old.get("total", {}).get(key), new["total"].get(key)))
    for name in sorted(set(old.get("categories", {})) | set(new["categories"])):
        a = old.get("categories", {}).get(name, {}).get("amount_total", 0)
        b = new["categories"].get(name, {}).get("amount_total", 0)
        if a != b:
            changes.append((name, a, b))
    for name in sorted(set(old.get("targets", {})) | set(new["targets"])):
        if old.get("targets", {}).get(name) != new["targets"].get(name):
            changes.append((name, old.get("targets", {}).get(name), new["targets"].get(name)))
    return changes


TOTAL_COUNT = "Tổng số hoạt động"
TOTAL_AMOUNT = "Tổng trị giá (đồng)"


def _measure_text(sums: figures.Sums, names: list[str]) -> str:
    parts = []
    for name in names:
        value = sums[name]
        if value:
            m = MEASURES[name]
            parts.append(f"{m.label}: {num(value)} {m.unit_of_measure}")
    return "; ".join(parts)


def period_report_figures(programme: Programme, period) -> tuple[figures.YearFigures, Programme | None]:
    """The figures of a reporting period of the year, against the same
    period of the year before."""
    previous = previous_programme(programme)
    f = figures.year_figures(
        Activity.objects.filter(programme__committee=programme.committee_id),
        programme=programme,
        previous_programme=previous,
        unknown_locality="Chưa xác định địa bàn",
        span=period.span,
        previous_span=period.same_period_of(previous) if previous else None,
    )
    return f, previous


def yearly_review_figures(programme: Programme) -> tuple[figures.YearFigures, Programme | None]:
    previous = previous_programme(programme)
    f = figures.year_figures(
        Activity.objects.filter(programme__committee=programme.committee_id),
        programme=programme,
        previous_programme=previous,
        unknown_locality="Chưa xác định địa bàn",
        whole_committee=True,
    )
    return f, previous


def change_phrase(change: float | None, compare: str) -> str:
    """ "tăng 5,2% so với năm 2022", "không đổi so với …", or nothing when
    there is nothing to compare with: the one wording of a change in print."""
    if change is None:
        return ""
    if change == 0:
        return f"không đổi {compare}"
    verb = "tăng" if change > 0 else "giảm"
    return f"{verb} {abs(change):.1f}% {compare}".replace(".", ",")


def review_words(programme: Programme, period=None, *, day: dt.date) -> dict:
    """The words that change between the yearly review and the review of a
    period (the July preliminary review of the first six months above all):
    what is reported on, what comes next, what it is compared with."""
    year = programme.year
    if period is None:
        return {
            "scope": f"năm {year}",
            "lead": "kết quả thực hiện",
            "next": f"năm {year + 1}",
            "compare": f"so với năm {year - 1}",
            "previous_scope": f"năm {year - 1}",
            "tasks_intro": f"Tập trung thực hiện các nội dung phối hợp năm {year + 1}",
            "data_note": f"số liệu các hoạt động đã được cơ quan thường trực xác nhận đến ngày {day:%d/%m/%Y}",
            "bookmark": f"Báo cáo năm {year}",
        }
    name = period.name[:1].lower() + period.name[1:]
    first_half = period.kind == "first-half"
    return {
        "scope": name,
        "lead": f"sơ kết {name} thực hiện" if first_half else f"kết quả {name} thực hiện",
        "next": f"6 tháng cuối năm {year}" if first_half else "thời gian tới",
        "compare": f"so với cùng kỳ năm {year - 1}",
        "previous_scope": f"cùng kỳ năm {year - 1}",
        "tasks_intro": f"Tiếp tục thực hiện các nội dung phối hợp còn lại của Chương trình năm {year}",
        "data_note": (
            f"số liệu các hoạt động đã được cơ quan thường trực xác nhận, tính đến ngày {period.counted_until:%d/%m/%Y}"
        ),
        "bookmark": f"Báo cáo {name}",
    }


def yearly_review_html(
    run: ReportRun, f: figures.YearFigures, base: dict, *, period=None, additions: list | None = None
) -> list[str]:
    """The report and each of its annexes as separate HTML documents: each
    annex numbers its own pages, and the parts can render in parallel.
    `base` is the letterhead (kinds.letterhead). With a `period`, the same
    report for that period: its figures, its own approved text, and the
    directions for the rest of the year. `additions` (kinds.Addition) add
    lines to the first section and annexes after the report's own."""
    additions = additions or []
    programme = run.programme
    committee = programme.committee
    approved = ReviewDraft.objects.filter(programme=programme, status=ReviewDraft.Status.APPROVED)
    draft = (approved.filter(period=period) if period else approved.filter(period__isnull=True)).first()
    words = review_words(programme, period, day=base["day"])
    next_programme = (
        Programme.objects.filter(committee=committee, year=programme.year + 1).first() if not period else None
    )
    categories = {c.pk: c for c in ActivityCategory.objects.all()}
    # Through the committee's reverse relation: the report lists the
    # meetings held without depending on the meetings app; only those held
    # by the report's date (and the period's cut-off), not those to come.
    until = min(base["day"], period.counted_until) if period else base["day"]
    meetings = committee.meetings.filter(Q(programme=programme) | Q(starts_at__year=programme.year))
    meetings = meetings.filter(starts_at__date__lte=until)
    if period:
        meetings = meetings.filter(starts_at__date__gte=period.start)
    meetings = list(meetings.order_by("starts_at"))
    title = programme.title or "Chương trình phối hợp"
    subject_title = title if str(programme.year) in title else f"{title} năm {programme.year}"
    category_lines = []
    for r in f.categories:
        measures = categories[r.key].measures if r.key in categories else []
        change_text = change_phrase(r.change(), words["compare"])
        category_lines.append(
            {
                "label": r.label,
                "count": r.sums.count,
                "measures": _measure_text(r.sums, measures),
                "amount": r.sums.amount_total,
                "change": f", {change_text}" if change_text else "",
            }
        )
    counted = Activity.objects.filter(programme=programme).counted(f.counting)
    if f.span is not None:
        counted = counted.filter(start_date__range=f.span)
    by_cat_unit = figures.by_category_and_unit(counted)
    code_to_id = {c.code: c.pk for c in categories.values()}
    unit_names = {u.pk: u.name for u in committee.units.all()}
    themes = []
    for title, codes, measures in THEMES:
        ids = {code_to_id[c] for c in codes if c in code_to_id}
        per_unit: dict[int, figures.Sums] = {}
        for (cat_id, unit_id), sums in by_cat_unit.items():
            if cat_id in ids:
                per_unit.setdefault(unit_id, figures.Sums()).add(sums)
        total = figures.Sums()
        for s in per_unit.values():
            total.add(s)
        rows = vi_sorted(((unit_names.get(u, "?"), s) for u, s in per_unit.items()), key=lambda r: r[0])
        themes.append({"title": title, "measures": [MEASURES[m] for m in measures], "rows": rows, "total": total})
    annex_titles = [t["title"] for t in themes] + [
        "Kinh phí thực hiện theo nguồn",
        "Kết quả thực hiện chỉ tiêu",
        "Kết quả theo đơn vị chủ trì",
        "Kết quả theo địa bàn",
    ]
    context = {
        **base,
        "run": run,
        "programme": programme,
        "subject_title": subject_title,
        "committee": committee,
        "f": f,
        "draft": draft,
        "next_programme": next_programme,
        "words": words,
        "total_change": change_phrase(f.change_amount, words["compare"]),
        "bookmark": words["bookmark"],
        "next_tasks": (
            list(programme.tasks.filter(progress__lt=100).order_by("order"))
            if period
            else list(next_programme.tasks.order_by("order"))
            if next_programme
            else []
        ),
        "remaining_targets": [t for t in f.targets if not t.met] if period else [],
        "next_targets": list(next_programme.targets.select_related("category")) if next_programme else [],
        "tasks": list(programme.tasks.select_related("lead_unit").order_by("order")),
        "meetings": meetings,
        "category_lines": category_lines,
        "amount_words": amount_in_words(f.total.amount_total),
        "roman": ROMAN,
        "themes": themes,
        "annex_titles": annex_titles,
        "funding_measures": FUNDING_MEASURES,
        "quantity_measures": QUANTITY_MEASURES,
        "with_annexes": run.options.get("annexes", True),
        "category_chart": charts.bar_chart(
            [charts.Bar(r.label, r.sums.amount_total) for r in f.categories], title="Trị giá theo loại hoạt động (đồng)"
        ),
    }
    extra = ["funding", "targets", "units", "localities"]
    context["extra_parts"] = [len(themes) + i + 1 for i in range(len(extra))]
    added = [annex for a in additions for annex in a.annexes] if context["with_annexes"] else []
    first_added = len(themes) + len(extra) + 1
    context["added_lines"] = [line for a in additions for line in a.lines]
    context["added_annexes"] = [(first_added + i, title) for i, (title, _html) in enumerate(added)]
    parts = ["main"]
    if context["with_annexes"]:
        parts += list(range(1, len(themes) + len(extra) + 1))
    html = [render_to_string("reports/pdf/yearly_review.html", {**context, "part": part}) for part in parts]
    return html + [render(first_added + i) for i, (_title, render) in enumerate(added)]


REGISTER_CHUNK_ROWS = 1000


def register_queryset(programme: Programme, counting: str = Counting.CONFIRMED):
    return (
        Activity.objects.filter(programme=programme)
        .counted(counting)
        .select_related("category", "lead_unit", "locality")
        .order_by("start_date", "id")
    )


def register_parts(run: ReportRun, *, annex_no: int, base: dict, rows=None) -> list[str]:
    """The activity register's HTML in chunks of at most REGISTER_CHUNK_ROWS
    rows, from one read of the rows (or the `rows` given); the first chunk
    carries the annex title. The chunks are as even as the rows allow (7,044
    rows: eight of 880 or 881, not seven of 1,000 and one of 44), so that
    workers sharing them finish together. Page numbers are stamped after the
    chunks are merged."""
    programme = run.programme
    rows = list(register_queryset(programme)) if rows is None else rows
    chunks = _chunk_count(len(rows))
    starts = [i * len(rows) // chunks for i in range(chunks)] + [len(rows)]
    return [
        render_to_string(
            "reports/pdf/register.html",
            {
                "rows": rows[start:end],
                "first": start + 1,
                "chunk": i,
                "programme": programme,
                "profile": base["profile"],
                "annex_no": annex_no,
                "number_ref": base["number_ref"],
                "day": base["day"],
                "part": "register",
            },
        )
        for i, (start, end) in enumerate(itertools.pairwise(starts))
    ]


def _chunk_count(rows: int) -> int:
    return (rows + REGISTER_CHUNK_ROWS - 1) // REGISTER_CHUNK_ROWS


def register_annex_no() -> int:
    """The register follows the thematic annexes and the four summary ones."""
    return len(THEMES) + 5


def register_chunks(programme: Programme) -> int:
    return _chunk_count(register_queryset(programme).count())


def period_review_figures(committee_id: int, doc, *, fold: bool = False) -> figures.PeriodFigures:
    return figures.period_figures(
        Activity.objects.filter(
            programme__in=figures.period_programmes(committee_id, doc.period_start, doc.period_end)
        ),
        committee_id=committee_id,
        start=doc.period_start,
        end=doc.period_end,
        targets=doc.targets.select_related("category"),
        fold=fold,
        unknown_locality="Chưa xác định địa bàn",
    )


def period_review_html(doc, f: figures.PeriodFigures, base: dict) -> str:
    """The final review of a policy document's period: results overall, year
    by year and against the period's targets, the approved assessment and
    directions, and annexes by lead unit and by locality."""
    draft = ReviewDraft.objects.filter(policy_document=doc, status=ReviewDraft.Status.APPROVED).first()
    years = f.end - f.start + 1
    return render_to_string(
        "reports/pdf/period_review.html",
        {
            **base,
            "bookmark": f"Báo cáo tổng kết giai đoạn {doc.period_start}–{doc.period_end}",
            "doc": doc,
            "f": f,
            "draft": draft,
            "years_word": f"{years} năm" if years > 1 else "",
            "year_keys": [r.key for r in f.years],
            "roman": ROMAN,
            "amount_words": amount_in_words(f.total.amount_total),
            "measures": [MEASURES[m] for m in ("houses_built", "people_examined", "gifts", "man_days")],
            "chart": charts.column_chart(
                [charts.Bar(r.label, r.sums.amount_total) for r in f.years], title="Trị giá theo năm (đồng)"
            ),
        },
    )
