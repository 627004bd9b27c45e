"""Printed words as a clerk would write them (issue 17, "Documents")."""

import datetime as dt
import io

from programmes.models import ActivityCategory, Programme, Target


def test_the_printed_report_keeps_capitals_inside_names_and_says_each_unit_once(make_run, review_year, committee):
    """ "tuần cao điểm Tết" (not "tết"), and next year's targets as
    "… – nhà xây mới: 7 nhà" (not "7 (nhà xây mới (nhà))")."""
    from pypdf import PdfReader

    from reports.services import rendering

    tet = ActivityCategory.objects.get(code="tet-vi-nguoi-ngheo")
    Target.objects.create(programme=review_year, category=tet, measure="gifts", target_value=100)
    following = Programme.objects.create(committee=committee, year=2024, title="Chương trình phối hợp năm 2024")
    houses = ActivityCategory.objects.get(code="nha-dong-doi")
    Target.objects.create(programme=following, category=houses, measure="houses_built", target_value=7)
    run = make_run(date=dt.date(2024, 1, 20).isoformat())
    done = rendering.report_render(run_id=run.pk)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(done.pdf.read())).pages)
    assert "tuần cao điểm Tết vì người nghèo" in text and "tuần cao điểm tết" not in text
    assert "xây dựng, sửa chữa nhà đồng đội – nhà xây mới: 7 nhà" in text
    assert "(nhà xây mới (nhà))" not in text


def test_a_long_chart_label_is_written_whole_on_two_lines():
    """ "Phòng chống thiên tai, tìm kiếm cứu nạn" was cut to "… tìm kiếm cứu …"."""
    from reports.charts import Bar, bar_chart

    svg = str(bar_chart([Bar("Phòng chống thiên tai, tìm kiếm cứu nạn", 5), Bar("Khác", 2)], title="Trị giá"))
    assert ">Phòng chống thiên tai, tìm kiếm cứu</tspan>" in svg and ">nạn</tspan>" in svg
    assert "…" not in svg
    long = str(bar_chart([Bar("Giúp nhân dân " * 8, 1)], title="Trị giá"))
    assert long.count("<tspan") == 2 and "…</tspan>" in long


def test_a_change_is_worded_once_for_print():
    from reports.documents import change_phrase

    assert change_phrase(5.25, "so với năm 2022") == "tăng 5,2% so với năm 2022"
    assert change_phrase(-12.0, "so với cùng kỳ năm 2022") == "giảm 12,0% so với cùng kỳ năm 2022"
    assert change_phrase(0, "so với năm 2022") == "không đổi so với năm 2022"
    assert change_phrase(None, "so với năm 2022") == ""
