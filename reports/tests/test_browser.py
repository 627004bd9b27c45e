"""Office staff print the yearly review from the browser: the status page
updates by itself while a real worker renders, then offers the download."""

from pathlib import Path

import pytest

from devtools.workers import running_worker


@pytest.fixture
def worker(tmp_path):
    with running_worker(tmp_path / "worker.log", queues="reports") as log:
        yield log


@pytest.mark.browser
@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_print_the_yearly_review_and_download_it(live_server, staff, review_year, worker, chromium, artifacts):
    page = chromium.new_context(
        locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    ).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "pw-for-tests-2026")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/c/thu-nghiem/reports/2023/")
    page.click("text=In báo cáo tổng kết năm")
    page.fill("#id_number", "21")
    page.fill("#id_date", "05/03/2024")
    page.click("main form.card button[type=submit]")
    page.wait_for_selector(".run-status")
    # The page refreshes itself until the worker is done.
    page.wait_for_selector(".run-status[data-status=done]", timeout=90_000)
    page.screenshot(path=str(artifacts / "report-printed.png"), full_page=True)
    with page.expect_download() as download:
        page.click("text=Tải tệp PDF")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
