"""A period locked by a script (no user recorded) still shows on the
programme page: it used to fail with a server error."""

import datetime as dt

from django.urls import reverse

from programmes.models import ReportingPeriod


def test_a_period_locked_without_a_user_shows_on_the_programme_page(client, standing_office, committee, programme):
    ReportingPeriod.objects.create(
        programme=programme,
        kind="first-half",
        name="6 tháng đầu năm 2023",
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 6, 30),
        locked_at=dt.datetime(2023, 7, 20, 2, tzinfo=dt.UTC),
    )
    client.force_login(standing_office)
    response = client.get(reverse("programmes:detail_year", kwargs={"committee": committee.slug, "year": 2023}))
    assert response.status_code == 200
    assert "6 tháng đầu năm 2023" in response.content.decode()
