"""Every committee page × every role: allowed (200), refused (403) or not
found (404), as DESIGN.md §3 says; anonymous users are sent to log in."""

import pytest
from django.urls import reverse

ROLES = ["secretary", "middle", "standing_office", "chair", "staff", "administrator", "outsider"]
ENTER = {"secretary", "standing_office", "administrator"}
REVIEW = {"standing_office", "administrator"}
ORDER = {"standing_office", "staff", "administrator"}
DOWNLOAD = {"standing_office", "chair", "staff", "administrator"}
EVERYONE = set(ROLES) - {"outsider"}

PAGES = [
    ("committee_home", {}, EVERYONE),
    ("activities:list", {}, EVERYONE),
    ("activities:create", {}, ENTER),
    ("activities:review_queue", {}, REVIEW),
    ("activities:check_queue", {}, {"middle", "administrator"}),
    ("activities:import", {}, ENTER),
    ("activities:import_template", {}, ENTER),
    ("activities:import_errors", {}, ENTER),  # with nothing kept: the import page and why
    ("activities:export_xlsx", {}, EVERYONE),
    ("activities:export_csv", {}, EVERYONE),
    ("activities:unit_search", {}, EVERYONE),
    ("activities:locality_search", {}, EVERYONE),
    ("programmes:detail", {}, EVERYONE),
    ("reports:summary", {}, EVERYONE),
    ("reports:archive", {}, DOWNLOAD),
    ("reports:register", {}, DOWNLOAD),
    ("reports:programme_signoff", {"year": 2023}, DOWNLOAD),
    ("reports:request", {"year": 2023}, ORDER),
    ("reports:review_draft", {"year": 2023}, DOWNLOAD),
    ("coordination:committee", {}, EVERYONE),
    ("coordination:member_new", {}, REVIEW),
    ("meetings:meetings", {}, EVERYONE),
    ("coordination:units", {}, EVERYONE),
    ("meetings:meeting_new", {}, REVIEW),
    ("emulation:register", {}, EVERYONE),
    ("emulation:exemplar_new", {}, ENTER),
    ("emulation:commendations", {}, DOWNLOAD),
    ("reports:completeness", {}, DOWNLOAD),
]


@pytest.mark.parametrize(("name", "kwargs", "allowed"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_page_access_by_role(role, name, kwargs, allowed, request, client, committee, programme, units):
    client.force_login(request.getfixturevalue(role))
    url = reverse(name, kwargs={"committee": committee.slug, **kwargs})
    response = client.get(url)
    if role == "outsider":
        expected = 404
    else:
        expected = 200 if role in allowed else 403
    assert response.status_code == expected, (role, url)


@pytest.mark.parametrize(("name", "kwargs", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_users_are_sent_to_log_in(name, kwargs, allowed, client, committee, programme):
    response = client.get(reverse(name, kwargs={"committee": committee.slug, **kwargs}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_refusals_and_missing_pages_are_explained_in_vietnamese(client, chair, outsider, committee, programme):
    client.force_login(chair)
    forbidden = client.get(reverse("activities:create", kwargs={"committee": committee.slug}))
    assert forbidden.status_code == 403 and "Đồng chí không có quyền" in forbidden.content.decode()
    client.force_login(outsider)
    missing = client.get(reverse("activities:list", kwargs={"committee": committee.slug}))
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()


def test_every_html_page_carries_a_content_security_policy_without_inline_script(client, chair, committee, programme):
    import re

    client.force_login(chair)
    for name in ("committee_home", "activities:list", "reports:summary", "programmes:detail"):
        response = client.get(reverse(name, kwargs={"committee": committee.slug}))
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        html = response.content.decode()
        # Every <script> either loads a file of ours or is a JSON data block.
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
