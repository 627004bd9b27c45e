"""The status badge of the activity list: each status's own label, in the
language of the request, with the status's colour."""

from django.utils import translation

from activities.models import Activity
from kit.templatetags.vn import status_badge

COLOURS = {"confirmed": "text-bg-success", "submitted": "text-bg-primary", "returned": "text-bg-danger"}
VIETNAMESE = {"draft": "Dự thảo", "submitted": "Chờ duyệt", "returned": "Trả lại", "confirmed": "Đã duyệt"}


def test_every_status_has_its_label_and_colour_in_each_language():
    for status, _label in Activity.Status.choices:
        activity = Activity(status=status)
        with translation.override("vi"):
            vi = status_badge(activity)
            assert f">{activity.get_status_display()}</span>" in vi
        with translation.override("en"):
            en = status_badge(activity)
            assert f">{activity.get_status_display()}</span>" in en
        assert f'class="badge status-{status} {COLOURS.get(status, "text-bg-secondary")}"' in vi
        assert vi != en  # each request's language, not the first one's


def test_the_vietnamese_labels_are_the_ones_users_read():
    with translation.override("vi"):
        shown = {s: status_badge(Activity(status=s)) for s in VIETNAMESE}
    for status, label in VIETNAMESE.items():
        assert f">{label}</span>" in shown[status]
