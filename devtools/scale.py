"""A province at scale, for benchmarks: hundreds of units, 10⁵ activities
over years. Deterministic for a given seed. Rows are bulk-inserted without
history records (this is load data, not an audit trail)."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from activities.models import Activity
from coordination.models import CommitteeRole, Locality, SteeringCommittee, Unit
from kit.text import fold
from programmes.measures import QUANTITY_FIELDS
from programmes.models import ActivityCategory, Programme, Target

BENCH_PASSWORD = "Bench@2026"
KINDS = [k for k, _label in Unit.Kind.choices]


def seed_scale(
    *,
    slug: str = "scale",
    units: int = 500,
    activities: int = 100_000,
    years: int = 10,
    first_year: int = 2016,
    seed: int = 1,
    log=print,
) -> SteeringCommittee:
    rng = random.Random(seed)
    with transaction.atomic():
        if SteeringCommittee.objects.filter(slug=slug).exists():
            raise ValueError(f"committee {slug!r} already exists; drop it or choose another --slug")
        province = Locality.objects.create(name=f"Tỉnh Quy Mô {seed}", level=Locality.Level.PROVINCE)
        communes = []
        for d in range(12):
            district = Locality.objects.create(
                name=f"Huyện Quy Mô {d + 1}", level=Locality.Level.DISTRICT, parent=province
            )
            for c in range(18):
                communes.append(
                    Locality(name=f"Xã Quy Mô {d + 1}.{c + 1}", level=Locality.Level.COMMUNE, parent=district)
                )
        for loc in communes:
            loc.save()
        committee = SteeringCommittee.objects.create(
            slug=slug, name=f"Ban Chỉ đạo quy mô {seed}", short_name="BCĐ quy mô", province=province
        )
        # A tree: 20 province-level units, each with district units, each with grassroots units.
        unit_rows: list[Unit] = []
        tops = [
            Unit(committee=committee, name=f"Đơn vị cấp tỉnh {i + 1}", kind=KINDS[i % len(KINDS)], order=i)
            for i in range(20)
        ]
        for u in tops:
            u.save()
        unit_rows.extend(tops)
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
        for year in range(first_year, first_year + years):
            status = Programme.Status.CLOSED if year < first_year + years - 1 else Programme.Status.ACTIVE
            programmes.append(
                Programme.objects.create(
                    committee=committee, year=year, status=status, title=f"Chương trình phối hợp năm {year}"
                )
            )
        categories = list(ActivityCategory.objects.all())
        for p in programmes:
            for c in categories:
                for m in c.measures[:1]:
                    Target.objects.create(programme=p, category=c, measure=m, target_value=rng.randint(100, 5000))
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
        log(f"{len(unit_rows)} units, {len(communes)} communes, {len(programmes)} programmes")

    statuses = [Activity.Status.CONFIRMED] * 7 + [
        Activity.Status.SUBMITTED,
        Activity.Status.RETURNED,
        Activity.Status.DRAFT,
    ]
    through = Activity.participating_units.through
    per_year = activities // max(years, 1)
    batch: list[Activity] = []
    made = 0
    for p in programmes:
        count = per_year if p is not programmes[-1] else activities - per_year * (years - 1)
        for i in range(count):
            category = categories[rng.randrange(len(categories))]
            start = dt.date(p.year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            end = min(start + dt.timedelta(days=rng.choice((0, 0, 1, 3))), dt.date(p.year, 12, 31))
            status = rng.choice(statuses)
            values = {m: (rng.randint(1, 300) if m in category.measures else 0) for m in QUANTITY_FIELDS}
            title = f"Hoạt động {category.name.lower()} số {i + 1} năm {p.year}"
            a = Activity(
                programme=p,
                category=category,
                title=title,
                start_date=start,
                end_date=end,
                lead_unit=unit_rows[rng.randrange(len(unit_rows))],
                locality=communes[rng.randrange(len(communes))],
                status=status,
                return_reason="Cần bổ sung" if status == Activity.Status.RETURNED else "",
                funding_state=rng.randrange(0, 50) * 1_000_000,
                funding_social=rng.randrange(0, 80) * 500_000,
                funding_units=rng.randrange(0, 20) * 1_000_000,
                external_ref=f"SCALE-{p.year}-{i + 1:06d}",
                search_text=fold(title),
                **values,
            )
            batch.append(a)
            if len(batch) == 5000:
                made += _flush(batch, through, unit_rows, rng)
                log(f"{made} activities")
    made += _flush(batch, through, unit_rows, rng)
    log(f"{made} activities")
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner takes 10⁵ rows for a handful.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return committee


def _flush(batch: list[Activity], through, unit_rows, rng) -> int:
    with transaction.atomic():
        created = Activity.objects.bulk_create(batch)
        links = []
        for a in created:
            if rng.random() < 0.3:
                for u in rng.sample(unit_rows, k=rng.choice((1, 2))):
                    if u.pk != a.lead_unit_id:
                        links.append(through(activity_id=a.pk, unit_id=u.pk))
        through.objects.bulk_create(links, batch_size=5000)
    n = len(batch)
    batch.clear()
    return n
