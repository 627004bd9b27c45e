import pytest
from django.urls import reverse

from programmes.models import ActivityCategory


@pytest.fixture
def gifts_category(db):
    return ActivityCategory.objects.get(code="qua-chinh-sach")


@pytest.fixture
def houses_category(db):
    return ActivityCategory.objects.get(code="nha-dong-doi")


@pytest.fixture
def url(committee):
    def build(name, **kwargs):
        return reverse(f"activities:{name}", kwargs={"committee": committee.slug, **kwargs})

    return build


@pytest.fixture
def form_data(programme, gifts_category, units):
    """A complete, valid activity as a secretary of the district types it."""

    def build(**overrides):
        data = {
            "programme": programme.pk,
            "category": gifts_category.pk,
            "title": "Thăm, tặng quà gia đình chính sách xã B",
            "description": "",
            "start_date": "05/02/2023",
            "end_date": "06/02/2023",
            "lead_unit": units["district"].pk,
            "participating_units": [],
            "locality": "",
            "gifts": "120",
            "beneficiaries": "120",
            "funding_state": "",
            "funding_social": "2.000.000 đồng",
            "funding_units": "500.000",
            "action": "draft",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return build


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png_bytes(size=(64, 48), color=(200, 30, 30)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()
