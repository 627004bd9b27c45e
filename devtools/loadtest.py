"""The load test: a realistic mix of users (devtools/locustfile.py) against
gunicorn, the configured database and broker, and a real Celery worker, at
several numbers of concurrent users. Everything runs on loopback on this one
machine: server, database, broker, worker and load generator share it."""

import csv
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Count

from activities.models import Activity
from coordination.models import CommitteeRole, Member, SteeringCommittee, Unit
from devtools import processes
from devtools.scale import BENCH_PASSWORD
from programmes.models import ActivityCategory, Programme

LOCUSTFILE = processes.ROOT / "devtools" / "locustfile.py"
EDITABLE = (Activity.Status.DRAFT, Activity.Status.RETURNED)


def prepare(committee: SteeringCommittee, *, secretaries: int = 80, chairs: int = 25, staff: int = 12) -> dict:
    """Users for the load (idempotent), and what each may touch."""
    programme = Programme.objects.filter(committee=committee).exclude(status=Programme.Status.CLOSED)
    programme = programme.order_by("-year").first()
    if programme is None:
        raise ValueError(f"committee {committee.slug!r} has no open programme")
    if not committee.document_symbol:
        committee.letterhead_parent = committee.letterhead_parent or "TỈNH ỦY"
        committee.letterhead_body = committee.letterhead_body or committee.name.upper()
        committee.document_symbol = "BCĐ"
        committee.place_name = committee.place_name or "Quy Mô"
        committee.save()
    if not Member.objects.filter(committee=committee, role=Member.Role.HEAD).exists():
        Member.objects.create(committee=committee, full_name="Trưởng ban thử tải", role=Member.Role.HEAD)
    busy_units = (
        Unit.objects.filter(
            committee=committee, led_activities__programme=programme, led_activities__status__in=EDITABLE
        )
        .annotate(editable=Count("led_activities"))
        .filter(editable__gte=2)
        .order_by("-editable", "pk")
    )[:secretaries]
    if not busy_units:
        raise ValueError(f"no unit of {committee.slug!r} has draft or returned activities in {programme.year}")
    password = make_password(BENCH_PASSWORD)
    User = get_user_model()

    def person(username: str, role: str, unit: Unit | None = None) -> dict:
        user, _ = User.objects.update_or_create(
            username=username, defaults={"password": password, "is_active": True, "last_name": "Thử tải"}
        )
        grant, _ = CommitteeRole.objects.get_or_create(user=user, committee=committee, role=role)
        entry = {"username": username}
        if unit is not None:
            grant.units.set([unit])
            entry["activities"] = list(
                Activity.objects.filter(programme=programme, lead_unit=unit, status__in=EDITABLE)
                .order_by("pk")
                .values_list("pk", flat=True)[:20]
            )
        return entry

    slug = committee.slug
    return {
        "committee": slug,
        "year": programme.year,
        "password": BENCH_PASSWORD,
        "categories": list(ActivityCategory.objects.values_list("pk", flat=True)),
        "users": {
            "secretary": [
                person(f"{slug}-load-secretary-{i + 1}", CommitteeRole.Role.SECRETARY, unit)
                for i, unit in enumerate(busy_units)
            ],
            "chair": [person(f"{slug}-load-chair-{i + 1}", CommitteeRole.Role.CHAIR) for i in range(chairs)],
            "staff": [person(f"{slug}-load-staff-{i + 1}", CommitteeRole.Role.STAFF) for i in range(staff)],
        },
    }


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid]
    while pids:
        p = pids.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        pids.extend(int(c) for c in children)
    return round(total / 1024, 1)


def _tree(pid: int) -> list[int]:
    found, pids = [], [pid]
    while pids:
        p = pids.pop()
        found.append(p)
        try:
            pids.extend(int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split())
        except OSError:
            continue
    return found


def _cpu_of(pids: list[int]) -> float:
    """CPU seconds (user + system, with children that have exited and been
    waited for) of these processes."""
    ticks = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(f) for f in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def _postgres_pids() -> list[int]:
    """The PostgreSQL server on this machine: its postmaster reaps every
    backend, so its children's times keep the CPU of closed connections."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / tick, sum(values) / tick


def cpu_sample(web_pid: int, worker_pid: int) -> dict:
    busy, total = _machine_busy()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "web": _cpu_of(_tree(web_pid)),
        "worker": _cpu_of(_tree(worker_pid)),
        "database": _cpu_of(_postgres_pids()),
        # The load generator runs as a child of this process and has exited
        # when the step ends: its CPU is in this process's children's times.
        "generator": children.ru_utime + children.ru_stime,
        "machine_busy": busy,
        "machine_total": total,
    }


def cpu_split(before: dict, after: dict, seconds: float) -> dict:
    """Cores used on average over the step, per part, and the machine's use."""
    used = {k: after[k] - before[k] for k in before}
    split = {k: round(used[k] / seconds, 2) for k in ("web", "database", "worker", "generator")}
    split["machine_busy_pct"] = round(100 * used["machine_busy"] / used["machine_total"], 1)
    return split


def _ms(value: str) -> int | None:
    """A time from Locust's CSV; N/A where nothing was measured."""
    try:
        return round(float(value))
    except ValueError:
        return None


def _read_stats(prefix: Path) -> dict:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))

    def figures(row: dict) -> dict:
        requests = int(row["Request Count"])
        failures = int(row["Failure Count"])
        return {
            "requests": requests,
            "failures": failures,
            "error_rate": round(failures / requests, 4) if requests else 0.0,
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": _ms(row["50%"]),
            "p95_ms": _ms(row["95%"]),
            "p99_ms": _ms(row["99%"]),
            "max_ms": _ms(row["Max Response Time"]),
        }

    total = next(r for r in rows if r["Name"] == "Aggregated")
    result = figures(total)
    result["endpoints"] = {f"{r['Type']} {r['Name']}": figures(r) for r in rows if r["Name"] != "Aggregated"}
    failures_file = Path(f"{prefix}_failures.csv")
    result["failure_samples"] = (
        list(csv.DictReader(open(failures_file, encoding="utf-8")))[:10] if failures_file.exists() else []
    )
    return result


def run(
    plan: dict,
    *,
    database_url: str,
    broker_url: str,
    steps: list[int],
    steady: int,
    spawn_rate: float,
    web_workers: int,
    out: Path,
    media_root: Path,
    settle: int = 20,
    compress_static: bool = True,
    log=print,
) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    plan_file = out / "users.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    results = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "note": "server, database, broker, worker and load generator share this machine",
        },
        "web_workers": web_workers,
        "steady_seconds": steady,
        "spawn_rate": spawn_rate,
        "think_time_seconds": [1, 3],
        "settle_seconds": settle,
        "database": database_url.split(":", 1)[0],
        "steps": [],
    }
    with tempfile.TemporaryDirectory(prefix="loadtest-") as scratch:
        scratch = Path(scratch)
        env = processes.production_env(
            database_url=database_url,
            static_root=scratch / "static",
            media_root=media_root,
            CELERY_BROKER_URL=broker_url,
            CELERY_FS_BROKER_DIR=str(scratch / "broker"),
            STATIC_COMPRESS="true" if compress_static else "false",
        )
        processes.collect_static(env)
        with (
            processes.running_web(out / "web.log", env=env, workers=web_workers) as (url, web_log),
            processes.running_worker(out / "worker.log", env=env, queues="default,reports", niceness=10) as worker_log,
        ):
            for users in steps:
                prefix = out / f"users{users}"
                ramp = math.ceil(users / spawn_rate)
                log(f"{users} users: {ramp} s ramp-up, {settle} s to settle, {steady} s measured …")
                started = time.monotonic()
                cpu_before = cpu_sample(web_log.process.pid, worker_log.process.pid)
                done = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "locust",
                        "-f",
                        str(LOCUSTFILE),
                        "--headless",
                        "--host",
                        url,
                        "--users",
                        str(users),
                        "--spawn-rate",
                        str(spawn_rate),
                        "--run-time",
                        f"{ramp + settle + steady}s",
                        "--csv",
                        str(prefix),
                        "--only-summary",
                        "--stop-timeout",
                        "5",
                        "--loglevel",
                        "WARNING",
                    ],
                    cwd=processes.ROOT,
                    env={**os.environ, "LOAD_USERS_FILE": str(plan_file), "LOAD_SETTLE_SECONDS": str(settle)},
                    capture_output=True,
                    text=True,
                )
                wall = time.monotonic() - started
                cpu = cpu_split(cpu_before, cpu_sample(web_log.process.pid, worker_log.process.pid), wall)
                (out / f"users{users}.locust.log").write_text(done.stdout + done.stderr, encoding="utf-8")
                if not Path(f"{prefix}_stats.csv").exists():
                    raise RuntimeError(f"locust wrote no statistics:\n{(done.stdout + done.stderr)[-3000:]}")
                step = {
                    "users": users,
                    "wall_seconds": round(wall, 1),
                    "cpu_cores": cpu,
                    **_read_stats(prefix),
                    "web_rss_mb": _rss_mb(web_log.process.pid),
                    "worker_rss_mb": _rss_mb(worker_log.process.pid),
                }
                results["steps"].append(step)
                log(
                    f"  {step['rps']} req/s, p50 {step['p50_ms']} ms, p95 {step['p95_ms']} ms, "
                    f"p99 {step['p99_ms']} ms, {step['failures']} failed of {step['requests']}; "
                    f"cores used: web {cpu['web']}, database {cpu['database']}, worker {cpu['worker']}, "
                    f"generator {cpu['generator']} (machine {cpu['machine_busy_pct']} % busy)"
                )
    (out / "loadtest.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "loadtest.md").write_text(markdown(results), encoding="utf-8")
    return results


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# Load test",
        "",
        f"{m['cores']} cores; {m['note']}. gunicorn with {results['web_workers']} sync workers, "
        f"{results['database']} database, one Celery worker at nice 10. Think time 1–3 s; statistics from the "
        f"{results['steady_seconds']} s that begin {results['settle_seconds']} s after the last user started "
        "(when the logins are over).",
        "",
        "| users | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | web RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in results["steps"]:
        lines.append(
            f"| {s['users']} | {s['requests']} | {s['rps']} | {s['p50_ms']} | {s['p95_ms']} | "
            f"{s['p99_ms']} | {s['max_ms']} | {s['failures']} ({s['error_rate']:.2%}) | "
            f"{s['web_rss_mb']} |"
        )
    lines += [
        "",
        "Cores used on average over each step (the whole run of the step: ramp-up, settling and the measured "
        "part), from the processes' CPU times:",
        "",
        "| users | web | database | worker | load generator | machine busy |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for s in results["steps"]:
        c = s.get("cpu_cores")
        if c:
            lines.append(
                f"| {s['users']} | {c['web']} | {c['database']} | {c['worker']} | {c['generator']} | "
                f"{c['machine_busy_pct']} % |"
            )
    if results["steps"]:
        last = results["steps"][-1]
        lines += [
            "",
            f"## By request, {last['users']} users",
            "",
            "| request | count | p50 ms | p95 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, e in sorted(last["endpoints"].items()):
            lines.append(
                f"| {name} | {e['requests']} | {e['p50_ms']} | {e['p95_ms']} | {e['p99_ms']} | {e['failures']} |"
            )
    return "\n".join(lines) + "\n"
