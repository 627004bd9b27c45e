import pytest


@pytest.mark.parametrize("path", ["/khong-co-trang-nay/", "/c/khong-co-ban-chi-dao/"])
def test_missing_pages_show_the_apps_own_page_even_with_debug_on(client, secretary, settings, path):
    """`make run` runs with DEBUG on; a missing page (no such URL, or a view's
    404) still shows the Vietnamese page, not Django's list of URL patterns."""
    settings.DEBUG = True
    client.force_login(secretary)
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body and "Về trang chủ" in body
    assert "URLconf" not in body and "accounts/login/" not in body


def test_the_technical_page_comes_back_when_asked_for(client, secretary, settings):
    settings.DEBUG = True
    settings.TECHNICAL_404 = True
    client.force_login(secretary)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "URLconf" in response.content.decode()
