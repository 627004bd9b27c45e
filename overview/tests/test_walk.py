"""Every page of every role at 375, 1280, 1366 and 1920 px (issue 17), on the
demo committee: each user follows the links of the pages they reach; the walk
fails on a page that scrolls sideways, a navigation bar taller than one row
from 1280 px, a console error, a link to a page the user may not open, or a
serious or critical axe-core violation. Screenshots at 375 and 1366 px are
kept in test-artifacts/ to look at."""

import pytest
from django.core.management import call_command

from coordination.tests.test_matrix import PAGES
from devtools.demo import DEMO_PASSWORD
from devtools.walk import walk

ROLES = ["admin", "thuongtruc", "truongban", "vanphong", "thuky.vankhe", "thuky.hoinongdan", "kiemtra.vankhe"]
# Not pages a person reads: files and JSON answers.
NOT_PAGES = {
    "activities:export_xlsx",
    "activities:export_csv",
    "activities:import_template",
    "activities:import_errors",
    "activities:unit_search",
    "activities:locality_search",
}


@pytest.fixture
def demo(db):
    """The demo committee, seeded before the browser starts: ORM calls made
    once Playwright runs would use a connection of another context, which a
    later test may find cut (the database fault test cuts idle connections)."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_of_every_role_at_every_width(live_server, demo, chromium, artifacts):
    chromium_walks = {}
    for username in ROLES:
        chromium_walks[username] = walk(
            chromium, live_server.url, username, DEMO_PASSWORD, start="/c/son-ha/", shots=artifacts
        )
    problems = [f"{w.user}: {p}" for w in chromium_walks.values() for p in w.problems]
    assert problems == []
    visited = set().union(*(w.kinds for w in chromium_walks.values()))
    # Every page of the URL × role matrix was reached by following links.
    assert {name for name, _, _ in PAGES} - NOT_PAGES <= visited
    # The office and a secretary see the pages of their work, the chair not the entry form.
    assert {"activities:review_queue", "meetings:meeting_edit", "programmes:task_edit"} <= chromium_walks[
        "thuongtruc"
    ].kinds
    assert "activities:create" in chromium_walks["thuky.vankhe"].kinds
    assert "activities:create" not in chromium_walks["truongban"].kinds
    assert len(visited) >= 35
