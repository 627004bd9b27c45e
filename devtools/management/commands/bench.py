"""python manage.py bench [--slug scale] [--repeat 30] [--out var/bench]

Measures, on whatever database is configured, the latency (p50/p95 over
repeated requests) and query count of the main pages, in-process through
Django's test client (no network), compared with Django admin's changelist
for the same activities. Writes JSON and a Markdown table."""

import datetime as dt
import json
import platform
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from coordination.models import SteeringCommittee
from programmes.models import ActivityCategory, PolicyDocument, PolicyTarget, Programme, ReportingPeriod, presets


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "Benchmarks page latency and query counts on the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="scale")
        parser.add_argument("--repeat", type=int, default=30)
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(self, *args, slug: str, repeat: int, out: str, **options):
        committee = SteeringCommittee.objects.filter(slug=slug).first()
        if committee is None:
            raise CommandError(f"No committee '{slug}': run `manage.py seed_scale --slug {slug}` first.")
        User = get_user_model()
        programme = Programme.objects.of(committee).newest_first().first()
        admin, _ = User.objects.get_or_create(
            username=f"{slug}-bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        office = User.objects.get(username=f"{slug}-office")
        secretary = User.objects.get(username=f"{slug}-secretary")
        chair = User.objects.get(username=f"{slug}-chair")
        c = committee.slug
        list_url = reverse("activities:list", kwargs={"committee": c})
        year = f"year={programme.year}"
        pages = [
            ("home (standing office)", office, reverse("committee_home", kwargs={"committee": c})),
            ("activity list, current year (standing office)", office, f"{list_url}?{year}"),
            ("activity list, all years (standing office)", office, f"{list_url}?year="),
            (
                "activity list, filtered and searched (standing office)",
                office,
                f"{list_url}?{year}&status=confirmed&q=hoat+dong&sort=-amount",
            ),
            ("activity list, current year (unit secretary)", secretary, f"{list_url}?{year}"),
            (
                "admin changelist, current year (superuser)",
                admin,
                reverse("admin:activities_activity_changelist") + f"?programme__year={programme.year}"
                f"&programme__committee__id__exact={committee.pk}",
            ),
            (
                "admin changelist, all years (superuser)",
                admin,
                reverse("admin:activities_activity_changelist") + f"?programme__committee__id__exact={committee.pk}",
            ),
        ]
        try:
            pages.insert(
                1, ("yearly summary (chair)", chair, reverse("reports:summary", kwargs={"committee": c}) + f"?{year}")
            )
        except Exception:  # the summary page is not installed yet
            pass
        # The period pages: the first half of the current year and a policy
        # document over the last five years (made here when the data set has
        # none, as a committee would).
        first_half = programme.periods.filter(kind=ReportingPeriod.Kind.FIRST_HALF).first()
        if first_half is None:
            first_half = next(p for p in presets(programme) if p.kind == ReportingPeriod.Kind.FIRST_HALF)
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
        summary_url = reverse("reports:summary", kwargs={"committee": c})
        period_url = reverse("reports:period", kwargs={"committee": c, "document": doc.pk})
        pages += [
            ("first-half summary to 15/06 (chair)", chair, f"{summary_url}?{year}&period={first_half.pk}"),
            ("five-year period review (chair)", chair, period_url),
            ("five-year period review, communes folded (chair)", chair, f"{period_url}?fold=on"),
        ]
        results = []
        for name, user, url in pages:
            client = Client()
            client.force_login(user)
            for _ in range(3):  # warm-up: connections, templates, caches
                response = client.get(url)
                if response.status_code != 200:
                    raise CommandError(f"{name}: {url} answered {response.status_code}")
            timings = []
            queries = 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                queries = len(ctx.captured_queries)
            row = {
                "page": name,
                "url": url,
                "requests": repeat,
                "queries": queries,
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(percentile(timings, 0.95), 1),
                "max_ms": round(max(timings), 1),
            }
            results.append(row)
            self.stdout.write(f"{name}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, {queries} queries")
        report = {
            "database": connection.vendor,
            "activities": Activity.objects.filter(programme__committee=committee).count(),
            "units": committee.units.count(),
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
            "results": results,
        }
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "bench.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
        lines = [
            f"Database: {report['database']}; {report['activities']} activities, {report['units']} units; "
            f"{repeat} requests per page, in-process.",
            "",
            "| page | p50 ms | p95 ms | queries |",
            "|---|---:|---:|---:|",
            *[f"| {r['page']} | {r['p50_ms']} | {r['p95_ms']} | {r['queries']} |" for r in results],
        ]
        (folder / "bench.md").write_text("\n".join(lines) + "\n")
        self.stdout.write(self.style.SUCCESS(f"Wrote {folder / 'bench.json'} and {folder / 'bench.md'}"))
