import datetime as dt

import pytest

from coordination.models import Member
from devtools.factories import ActivityFactory
from programmes.models import ActivityCategory, Programme
from reports import documents
from reports.models import ReportRun, ReviewDraft


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def review_year(committee, programme, units):
    """A 2023 programme with confirmed activities, a 2022 one to compare
    with, an approved review text and a head of the committee."""
    committee.letterhead_parent = "TỈNH ỦY THỬ NGHIỆM"
    committee.letterhead_body = "BAN CHỈ ĐẠO CHƯƠNG TRÌNH PHỐI HỢP"
    committee.document_symbol = "BCĐ"
    committee.place_name = "Thử Nghiệm"
    committee.save()
    Member.objects.create(committee=committee, full_name="Hoàng Thị Minh Nguyệt", role=Member.Role.HEAD)
    Programme.objects.create(committee=committee, year=2022, title="Chương trình phối hợp năm 2022")
    programme.title = "Chương trình phối hợp công tác dân vận năm 2023"
    programme.save()
    cats = list(ActivityCategory.objects.order_by("order"))
    for i in range(12):
        ActivityFactory(
            programme=programme,
            category=cats[i],
            lead_unit=units["district" if i % 2 else "union"],
            status="confirmed",
            funding_state=1_000_000 * (i + 1),
            funding_social=15_000,
            gifts=10 * i,
            houses_built=i % 3,
            title=f"Hoạt động số {i}",
        )
    ActivityFactory(
        programme=programme, category=cats[0], lead_unit=units["union"], status="submitted", funding_state=999_000_000
    )  # not confirmed: not printed
    ReviewDraft.objects.create(
        programme=programme,
        strengths="Phối hợp chặt chẽ, hiệu quả.",
        limitations="Một số đơn vị báo cáo chậm.",
        status=ReviewDraft.Status.APPROVED,
        approved_at=dt.datetime(2024, 1, 5, tzinfo=dt.UTC),
    )
    return programme


@pytest.fixture
def make_run(review_year, committee):
    def make(**meta_overrides):
        meta = documents.default_meta(committee, review_year, day=dt.date(2024, 3, 5))
        meta.update({"number": "15", **meta_overrides})
        return ReportRun.objects.create(
            programme=review_year, kind=ReportRun.Kind.YEARLY_REVIEW, document_meta=meta, options={"annexes": True}
        )

    return make
