"""An installation at scale, for benchmarks: one province's committee (the one
measured) or a national installation of several, hundreds of units each, and
up to millions of activities over years. Deterministic for a given seed: each
committee draws from its own generator, so the measured committee holds the
same rows whatever else the installation holds. Rows are loaded without
history records (this is load data, not an audit trail); on PostgreSQL by
COPY with explicit ids, on SQLite by bulk_create."""

import datetime as dt
import io
import random
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from activities import rollup
from activities.models import Activity
from coordination.models import CommitteeRole, Locality, SteeringCommittee, Unit
from kit.text import fold
from programmes.measures import FUNDING_FIELDS, QUANTITY_FIELDS
from programmes.models import ActivityCategory, Programme, ReportingObligation, Target, presets

BENCH_PASSWORD = "Bench@2026"
KINDS = [k for k, _label in Unit.Kind.choices]
STATUSES = [Activity.Status.CONFIRMED] * 7 + [
    Activity.Status.SUBMITTED,
    Activity.Status.RETURNED,
    Activity.Status.DRAFT,
]
# The columns loaded, in order (the rest are empty or take these values).
COLUMNS = (
    "id",
    "committee_id",
    "programme_id",
    "category_id",
    "title",
    "description",
    "start_date",
    "end_date",
    "lead_unit_id",
    "locality_id",
    *QUANTITY_FIELDS,
    *FUNDING_FIELDS,
    "status",
    "return_reason",
    "external_ref",
    "version",
    "search_text",
    "created_at",
    "updated_at",
    "submitted_at",
    "reviewed_at",
)
CHUNK = 50_000


def shares(committees: int, first: int, total: int | None) -> list[int]:
    """Activities per committee: the measured (first) one holds `first`, the
    others share what is left of `total` evenly (or hold `first` each)."""
    if committees == 1:
        return [first]
    if total is None:
        return [first] * committees
    rest = max(total - first, 0)
    each, extra = divmod(rest, committees - 1)
    return [first] + [each + (1 if i < extra else 0) for i in range(committees - 1)]


def committee_slugs(slug: str, committees: int) -> list[str]:
    return [slug] + [f"{slug}-{k + 1:02d}" for k in range(1, committees)]


def seed_scale(
    *,
    slug: str = "scale",
    committees: int = 1,
    units: int = 500,
    activities: int = 100_000,
    total: int | None = None,
    years: int = 10,
    first_year: int = 2016,
    seed: int = 1,
    log=print,
) -> SteeringCommittee:
    """Builds the committees; returns the measured (first) one."""
    slugs = committee_slugs(slug, committees)
    taken = list(SteeringCommittee.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    if taken:
        raise ValueError(f"committee {taken[0]!r} already exists; drop it or choose another --slug")
    counts = shares(committees, activities, total)
    categories = list(ActivityCategory.objects.order_by("order"))
    built = []
    for number, (c_slug, count) in enumerate(zip(slugs, counts, strict=True), start=1):
        rng = random.Random(f"{seed}:{c_slug}")
        structure = _structure(c_slug, number, units=units, years=years, first_year=first_year, rng=rng)
        built.append(structure["committee"])
        loaded = _load(structure, categories, count, rng, log=log)
        log(f"{c_slug}: {len(structure['units'])} units, {loaded} activities")
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner takes millions of rows for a
        # handful; outside a transaction also the visibility map (VACUUM),
        # as a settled database has it, so that no autovacuum of the new rows
        # runs during a benchmark.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return built[0]


def _structure(slug: str, number: int, *, units: int, years: int, first_year: int, rng: random.Random) -> dict:
    with transaction.atomic():
        province = Locality.objects.create(name=f"Tỉnh Quy Mô {number}", level=Locality.Level.PROVINCE)
        communes = []
        for d in range(12):
            district = Locality.objects.create(
                name=f"Huyện Quy Mô {number}.{d + 1}", level=Locality.Level.DISTRICT, parent=province
            )
            for c in range(18):
                commune = Locality(
                    name=f"Xã Quy Mô {number}.{d + 1}.{c + 1}", level=Locality.Level.COMMUNE, parent=district
                )
                commune.save()
                communes.append(commune)
        committee = SteeringCommittee.objects.create(
            slug=slug, name=f"Ban Chỉ đạo quy mô {number}", short_name=f"BCĐ quy mô {number}", province=province
        )
        # A tree: 20 province-level units, each with district units, each with grassroots units.
        tops = []
        for i in range(20):
            u = Unit(committee=committee, name=f"Đơn vị cấp tỉnh {i + 1}", kind=KINDS[i % len(KINDS)], order=i)
            u.save()
            tops.append(u)
        unit_rows: list[Unit] = list(tops)
        mids = []
        while len(unit_rows) + len(mids) < min(units, 120):
            parent = tops[len(mids) % len(tops)]
            u = Unit(committee=committee, name=f"Đơn vị cấp huyện {len(mids) + 1}", kind=parent.kind, parent=parent)
            u.save()
            mids.append(u)
        unit_rows.extend(mids)
        n = 0
        while len(unit_rows) < units:
            parent = mids[n % len(mids)] if mids else tops[n % len(tops)]
            u = Unit(
                committee=committee,
                name=f"Đơn vị cơ sở {n + 1}",
                kind=parent.kind,
                parent=parent,
                stationed_at=rng.choice(communes),
            )
            u.save()
            unit_rows.append(u)
            n += 1
        programmes = []
        categories = list(ActivityCategory.objects.order_by("order"))
        for year in range(first_year, first_year + years):
            status = Programme.Status.CLOSED if year < first_year + years - 1 else Programme.Status.ACTIVE
            programme = Programme.objects.create(
                committee=committee, year=year, status=status, title=f"Chương trình phối hợp năm {year}"
            )
            programmes.append(programme)
            for c in categories:
                for m in c.measures[:1]:
                    Target.objects.create(
                        programme=programme, category=c, measure=m, target_value=rng.randint(100, 5000)
                    )
        # The current year's periods, and a year deadline for the top units
        # (the completeness board's rows).
        current = programmes[-1]
        for period in presets(current):
            period.save()
        year_period = current.periods.get(kind="year")
        obligation = ReportingObligation.objects.create(period=year_period, due_on=dt.date(current.year, 12, 15))
        obligation.units.set(tops)
        User = get_user_model()
        for username, role, unit in [
            (f"{slug}-office", CommitteeRole.Role.STANDING_OFFICE, None),
            (f"{slug}-chair", CommitteeRole.Role.CHAIR, None),
            (f"{slug}-secretary", CommitteeRole.Role.SECRETARY, tops[0]),
        ]:
            user = User.objects.create(username=username, last_name="Người dùng", first_name=role)
            user.set_password(BENCH_PASSWORD)
            user.save()
            cr = CommitteeRole.objects.create(user=user, committee=committee, role=role)
            if unit:
                cr.units.set([unit])
    return {"committee": committee, "units": unit_rows, "communes": communes, "programmes": programmes}


def _rows(structure: dict, categories, count: int, rng: random.Random) -> Iterator[tuple]:
    """The activities, as tuples in COLUMNS order without the id."""
    programmes = structure["programmes"]
    unit_ids = [u.pk for u in structure["units"]]
    commune_ids = [c.pk for c in structure["communes"]]
    years = len(programmes)
    per_year = count // years
    names = [(c.pk, c.name.lower(), fold(c.name.lower()), c.measures) for c in categories]
    noon = dt.time(12, tzinfo=dt.UTC)
    rand, randrange = rng.random, rng.randrange
    for p in programmes:
        n = per_year if p is not programmes[-1] else count - per_year * (years - 1)
        jan1 = dt.date(p.year, 1, 1)
        dec31 = dt.date(p.year, 12, 31)
        for i in range(n):
            category_id, name, folded, measures = names[randrange(len(names))]
            start = jan1 + dt.timedelta(days=randrange(365))
            end = min(start + dt.timedelta(days=(0, 0, 1, 3)[randrange(4)]), dec31)
            status = STATUSES[randrange(10)]
            quantities = [(randrange(1, 301) if m in measures else 0) for m in QUANTITY_FIELDS]
            stamp = dt.datetime.combine(end, noon)
            sent = stamp + dt.timedelta(days=2) if status != Activity.Status.DRAFT else None
            reviewed = sent + dt.timedelta(days=3) if status in ("confirmed", "returned") else None
            yield (
                p.committee_id,
                p.pk,
                category_id,
                f"Hoạt động {name} số {i + 1} năm {p.year}",
                "",
                start,
                end,
                unit_ids[randrange(len(unit_ids))],
                commune_ids[randrange(len(commune_ids))],
                *quantities,
                randrange(0, 50) * 1_000_000,
                randrange(0, 80) * 500_000,
                randrange(0, 20) * 1_000_000,
                status,
                "Cần bổ sung" if status == Activity.Status.RETURNED else "",
                f"SCALE-{p.year}-{i + 1:06d}",
                1,
                f"hoat dong {folded} so {i + 1} nam {p.year}",
                stamp,
                reviewed or sent or stamp,
                sent,
                reviewed,
            )
            if rand() < 0.3:
                yield ("links", rng.sample(unit_ids, k=(1, 2)[randrange(2)]))


def _load(structure: dict, categories, count: int, rng: random.Random, *, log) -> int:
    rows = _rows(structure, categories, count, rng)
    programme_ids = [p.pk for p in structure["programmes"]]
    if connection.vendor == "postgresql":
        made = _copy(rows, count, log=log)
    else:
        made = _bulk(rows, log=log)
    with transaction.atomic():
        rollup.rebuild(programme_ids=programme_ids)
    return made


def _text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _copy(rows: Iterator[tuple], count: int, *, log) -> int:
    """COPY with ids reserved from the sequence (needs a superuser, as the
    benchmark database has)."""
    through = Activity.participating_units.through._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('activities_activity', 'id')")
        sequence = cursor.fetchone()[0]
        cursor.execute("LOCK TABLE activities_activity IN EXCLUSIVE MODE")
        cursor.execute(f"SELECT nextval('{sequence}')")
        next_id = cursor.fetchone()[0]
        if count:
            cursor.execute("SELECT setval(%s, %s)", [sequence, next_id + count - 1])
        # No triggers for the load: neither the roll-up's (rebuilt after it)
        # nor the foreign-key checks (the ids are the ones just created).
        cursor.execute("SET LOCAL session_replication_role = replica")
        raw = cursor.cursor  # psycopg2's own cursor, for copy_expert
        made = 0
        buffer, links = io.StringIO(), io.StringIO()
        lead_at = COLUMNS.index("lead_unit_id") - 1
        lead = None  # the lead unit of the row just written
        for row in rows:
            if row[0] == "links":
                for unit_id in row[1]:
                    if unit_id != lead:
                        links.write(f"{next_id - 1}\t{unit_id}\n")
                continue
            lead = row[lead_at]
            buffer.write(f"{next_id}\t" + "\t".join(map(_text, row)) + "\n")
            next_id += 1
            made += 1
            if made % CHUNK == 0:
                _flush(raw, buffer, links, through)
                log(f"{made} activities")
        _flush(raw, buffer, links, through)
    return made


def _flush(raw, buffer: io.StringIO, links: io.StringIO, through: str) -> None:
    buffer.seek(0)
    raw.copy_expert(f"COPY activities_activity ({', '.join(COLUMNS)}) FROM STDIN", buffer)
    links.seek(0)
    raw.copy_expert(f"COPY {through} (activity_id, unit_id) FROM STDIN", links)
    for b in (buffer, links):
        b.seek(0)
        b.truncate()


def _bulk(rows: Iterator[tuple], *, log) -> int:
    through = Activity.participating_units.through
    names = COLUMNS[1:]
    batch: list[Activity] = []
    pending_links: list[tuple[int, list[int]]] = []
    made = 0

    def flush():
        with transaction.atomic():
            created = Activity.objects.bulk_create(batch)
            links = [
                through(activity_id=created[i].pk, unit_id=u)
                for i, units in pending_links
                for u in units
                if u != created[i].lead_unit_id
            ]
            through.objects.bulk_create(links, batch_size=5000)
        batch.clear()
        pending_links.clear()

    for row in rows:
        if row[0] == "links":
            pending_links.append((len(batch) - 1, row[1]))
            continue
        values = dict(zip(names, row, strict=True))
        batch.append(Activity(**values))
        made += 1
        if len(batch) == 5000:
            flush()
            log(f"{made} activities")
    if batch:
        flush()
    return made
