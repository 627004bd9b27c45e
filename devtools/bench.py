"""The benchmark: every page type of a committee, measured in-process (Django's
test client, no network) for latency, the web process's CPU time, the
database server's CPU time (PostgreSQL on this machine) and the number of
queries; and a table comparing runs at several sizes of the installation."""

import datetime as dt
import json
import os
import platform
import statistics
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from coordination.models import SteeringCommittee
from programmes.models import ActivityCategory, PolicyDocument, PolicyTarget, Programme, ReportingPeriod, presets
from reports.views import summary as summary_view


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def pages(committee: SteeringCommittee) -> list[tuple[str, object, str]]:
    """(name, user, url) of every page type measured, on a committee built by
    seed_scale. Makes what a page needs and the data set lacks (a half-year
    period, a five-year policy document), as a committee would."""
    User = get_user_model()
    slug = committee.slug
    programme = Programme.objects.of(committee).newest_first().first()
    admin, _ = User.objects.get_or_create(
        username=f"{slug}-bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    office = User.objects.get(username=f"{slug}-office")
    secretary = User.objects.get(username=f"{slug}-secretary")
    chair = User.objects.get(username=f"{slug}-chair")
    c = {"committee": slug}
    list_url = reverse("activities:list", kwargs=c)
    year = f"year={programme.year}"
    first_half = programme.periods.filter(kind=ReportingPeriod.Kind.FIRST_HALF).first()
    if first_half is None:
        first_half = next(p for p in presets(programme) if p.kind == ReportingPeriod.Kind.FIRST_HALF)
    if first_half.cutoff is None:
        first_half.cutoff = dt.date(programme.year, 6, 15)
        first_half.save()
    last = programme.year
    doc, created = PolicyDocument.objects.get_or_create(
        committee=committee,
        number_symbol="BENCH-ĐA",
        defaults={
            "kind": PolicyDocument.Kind.PROJECT,
            "title": f"Đề án thử tải giai đoạn {last - 4}–{last}",
            "issuer": "Ban Chỉ đạo",
            "issued_on": dt.date(last - 4, 1, 15),
            "period_start": last - 4,
            "period_end": last,
        },
    )
    if created:
        for category in ActivityCategory.objects.order_by("order")[:4]:
            PolicyTarget.objects.create(
                document=doc, category=category, measure=category.measures[0], target_value=10_000
            )
    # The activity page and the unit page of a busy grassroots unit: the same
    # rows at every size, as the measured committee's data does not change.
    activity = (
        Activity.objects.filter(
            programme=programme, status=Activity.Status.CONFIRMED, participating_units__isnull=False
        )
        .order_by("pk")
        .first()
    )
    unit = activity.lead_unit
    summary_url = reverse("reports:summary", kwargs=c)
    period_url = reverse("reports:period", kwargs={**c, "document": doc.pk})
    return [
        ("home (standing office)", office, reverse("committee_home", kwargs=c)),
        ("yearly summary (chair)", chair, f"{summary_url}?{year}"),
        # The same page as it is built after any write to what it counts:
        # each request finds no figures kept (a new stamp costs the same).
        ("yearly summary, figures rebuilt (chair)", chair, f"{summary_url}?{year}", summary_view._KEPT.clear),
        ("first-half summary to 15/06 (chair)", chair, f"{summary_url}?{year}&period={first_half.pk}"),
        ("five-year period review (chair)", chair, period_url),
        ("activity list, current year (standing office)", office, f"{list_url}?{year}"),
        ("activity list, all years (standing office)", office, f"{list_url}?year="),
        (
            "activity list, filtered and searched (standing office)",
            office,
            f"{list_url}?{year}&status=confirmed&q=qua+so+12&sort=-amount",
        ),
        ("activity list, searched all years (standing office)", office, f"{list_url}?year=&q=so+4711"),
        ("activity list, current year (unit secretary)", secretary, f"{list_url}?{year}"),
        ("activity page (standing office)", office, reverse("activities:detail", kwargs={**c, "pk": activity.pk})),
        ("archive (standing office)", office, reverse("reports:archive", kwargs=c)),
        ("unit page (chair)", chair, reverse("overview:unit", kwargs={**c, "unit_id": unit.pk})),
        ("completeness board (standing office)", office, reverse("reports:completeness", kwargs=c)),
        (
            "admin changelist, current year (superuser)",
            admin,
            reverse("admin:activities_activity_changelist")
            + f"?programme__year={programme.year}&programme__committee__id__exact={committee.pk}",
        ),
    ]


def _database_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (it
    runs on this machine), or None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(page_list, *, repeat: int, log=print) -> list[dict]:
    results = []
    for name, user, url, *hook in page_list:
        before = hook[0] if hook else lambda: None  # called before each request, outside its time
        client = Client()
        client.force_login(user)
        for _ in range(3):  # warm-up: connections, templates, caches
            before()
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{name}: {url} answered {response.status_code}")
        timings, cpu = [], []
        queries = 0
        db_before = _database_cpu()
        for _ in range(repeat):
            before()
            with CaptureQueriesContext(connection) as ctx:
                wall, process = time.perf_counter(), time.process_time()
                client.get(url)
                cpu.append((time.process_time() - process) * 1000)
                timings.append((time.perf_counter() - wall) * 1000)
            queries = len(ctx.captured_queries)
        db_after = _database_cpu()
        row = {
            "page": name,
            "url": url,
            "requests": repeat,
            "queries": queries,
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "max_ms": round(max(timings), 1),
            "cpu_ms": round(statistics.median(cpu), 1),
            "db_cpu_ms": None if db_before is None else round((db_after - db_before) * 1000 / repeat, 1),
        }
        results.append(row)
        log(
            f"{name}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, web CPU {row['cpu_ms']} ms, "
            f"database CPU {row['db_cpu_ms']} ms, {queries} queries"
        )
    return results


def report(committee: SteeringCommittee, results: list[dict], repeat: int) -> dict:
    return {
        "database": connection.vendor,
        "committees": SteeringCommittee.objects.count(),
        "installation_activities": Activity.objects.count(),
        "activities": Activity.objects.filter(programme__committee=committee).count(),
        "units": committee.units.count(),
        "repeat": repeat,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "results": results,
    }


def markdown(data: dict) -> str:
    lines = [
        f"Database: {data['database']}; {data['installation_activities']:,} activities in {data['committees']} "
        f"committees, the measured one {data['activities']:,} activities and {data['units']} units; "
        f"{data['repeat']} requests per page, in-process.",
        "",
        "| page | p50 ms | p95 ms | web CPU ms | database CPU ms | queries |",
        "|---|---:|---:|---:|---:|---:|",
        *[
            f"| {r['page']} | {r['p50_ms']} | {r['p95_ms']} | {r['cpu_ms']} | {r['db_cpu_ms']} | {r['queries']} |"
            for r in data["results"]
        ],
    ]
    return "\n".join(lines) + "\n"


METRICS = ("p50_ms", "p95_ms", "cpu_ms", "db_cpu_ms")


def _median_row(rows: list[dict]) -> dict:
    """One page's figures over several runs of the same size: the median of
    each timing; the query counts, which must agree, joined if they do not."""
    row = {"page": rows[0]["page"]}
    for metric in METRICS:
        values = [r[metric] for r in rows if r.get(metric) is not None]
        row[metric] = round(statistics.median(values), 1) if values else None
    counts = sorted({r["queries"] for r in rows})
    row["queries"] = counts[0] if len(counts) == 1 else "/".join(map(str, counts))
    return row


def compare(runs: list[dict]) -> str:
    """One table over runs at several sizes: p50/p95, web CPU and queries per
    size, and the p95 of the largest over that of the smallest. Several runs
    of one size (a noisy machine) count with the median of each figure."""
    by_size: dict[int, list[dict]] = {}
    for run in runs:
        by_size.setdefault(run["installation_activities"], []).append(run)
    sizes = sorted(by_size)
    names = [row["page"] for row in by_size[sizes[0]][0]["results"]]
    tables = []
    for size in sizes:
        rows: dict[str, list[dict]] = {}
        for run in by_size[size]:
            for row in run["results"]:
                rows.setdefault(row["page"], []).append(row)
        tables.append({name: _median_row(found) for name, found in rows.items()})
    counts = {len(by_size[size]) for size in sizes}
    of = f" (median of {counts.pop()} runs)" if len(counts) == 1 and max(len(v) for v in by_size.values()) > 1 else ""
    header = "| page | " + " | ".join(f"{size:,}: p50 / p95 ms, CPU ms, queries" for size in sizes) + " | p95 ratio |"
    lines = [f"Sizes: {', '.join(f'{size:,}' for size in sizes)} activities{of}.", "", header]
    lines.append("|---|" + "---:|" * (len(sizes) + 1))
    for name in names:
        cells = []
        for table in tables:
            row = table.get(name)
            cells.append(
                "—" if row is None else f"{row['p50_ms']} / {row['p95_ms']}, {row['cpu_ms']}, {row['queries']}"
            )
        first, last = tables[0].get(name), tables[-1].get(name)
        ratio = f"{last['p95_ms'] / first['p95_ms']:.2f}" if first and last and first["p95_ms"] else "—"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")
    return "\n".join(lines) + "\n"


def write(folder: Path, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"bench-{data['installation_activities']}"
    (folder / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2))
    (folder / f"{stem}.md").write_text(markdown(data))
    return folder / f"{stem}.md"
