"""Printed annexes and the summary list units in Vietnamese order."""

from django.urls import reverse

from coordination.models import Unit
from devtools.factories import ActivityFactory
from programmes.models import ActivityCategory
from reports import kinds


def test_the_thematic_annex_lists_units_in_vietnamese_order(make_run, review_year, committee):
    propaganda = ActivityCategory.objects.get(code="tuyen-truyen")
    for name in ("Tỉnh đoàn", "Đảng ủy xã Nà Mây", "Ủy ban Mặt trận Tổ quốc tỉnh"):
        unit = Unit.objects.create(committee=committee, name=name, kind=Unit.Kind.SOCIO_POLITICAL)
        ActivityFactory(programme=review_year, category=propaganda, lead_unit=unit, status="confirmed", sessions=2)
    run = make_run()
    parts = kinds.kind_of(run).content(run).parts
    annex = next(p for p in parts if "Kết quả tuyên truyền, vận động nhân dân" in p and "Đảng ủy xã Nà Mây" in p)
    positions = [annex.index(n) for n in ("Đảng ủy xã Nà Mây", "Tỉnh đoàn", "Ủy ban Mặt trận Tổ quốc tỉnh")]
    assert positions == sorted(positions)


def test_the_summary_lists_top_level_units_in_vietnamese_order(client, chair, review_year, committee):
    for name in ("Tỉnh đoàn", "Đảng ủy xã Nà Mây"):
        unit = Unit.objects.create(committee=committee, name=name, kind=Unit.Kind.SOCIO_POLITICAL)
        ActivityFactory(programme=review_year, lead_unit=unit, status="confirmed", funding_state=1_000)
    client.force_login(chair)
    response = client.get(reverse("reports:summary", kwargs={"committee": committee.slug}), {"year": 2023})
    names = [row.label for row in response.context["f"].units if row.depth == 0]
    assert names.index("Đảng ủy xã Nà Mây") < names.index("Tỉnh đoàn")
    assert names.index("Bộ CHQS tỉnh") < names.index("Đảng ủy xã Nà Mây")
