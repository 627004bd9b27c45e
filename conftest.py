"""Role fixtures shared by every app's tests.

One committee with a small unit tree:

    province command ── district command ── commune command
    farmers' union
and a second committee for outsiders.
"""

import pytest
from django.db import connections

from coordination.models import CommitteeRole, Unit
from devtools.factories import CommitteeFactory, CommitteeRoleFactory, ProgrammeFactory, UnitFactory, UserFactory

Role = CommitteeRole.Role

# Persistent connections from live-server threads would keep the test
# database busy when it is dropped at the end of the run.
connections["default"].settings_dict["CONN_MAX_AGE"] = 0


SLOW = {"browser", "worker", "server"}


def pytest_collection_modifyitems(items):
    """Browser, worker and server tests (the load and fault tests among
    them) are slow: `make test-fast` leaves them out, `make test` runs all."""
    for item in items:
        if "served" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.server)
        if SLOW & {mark.name for mark in item.iter_markers()}:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a login; tests are about access, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(db):
    return CommitteeFactory(slug="thu-nghiem", name="Ban Chỉ đạo thử nghiệm", short_name="BCĐ thử nghiệm")


@pytest.fixture
def other_committee(db):
    return CommitteeFactory(slug="tinh-khac", name="Ban Chỉ đạo tỉnh khác")


@pytest.fixture
def units(committee):
    province = UnitFactory(committee=committee, name="Bộ CHQS tỉnh", kind=Unit.Kind.MILITARY_COMMAND)
    district = UnitFactory(
        committee=committee, name="Ban CHQS huyện A", kind=Unit.Kind.MILITARY_COMMAND, parent=province
    )
    commune = UnitFactory(committee=committee, name="Ban CHQS xã B", kind=Unit.Kind.MILITARY_COMMAND, parent=district)
    union = UnitFactory(committee=committee, name="Hội Nông dân tỉnh", kind=Unit.Kind.SOCIO_POLITICAL)
    return {"province": province, "district": district, "commune": commune, "union": union}


@pytest.fixture
def programme(committee):
    return ProgrammeFactory(committee=committee, year=2023)


def _user_with_role(committee, username, role, units=()):
    user = UserFactory(username=username)
    CommitteeRoleFactory(user=user, committee=committee, role=role, units=list(units))
    return user


@pytest.fixture
def secretary(committee, units):
    """Secretary of the district command (and so of its commune command)."""
    return _user_with_role(committee, "secretary", Role.SECRETARY, [units["district"]])


@pytest.fixture
def other_secretary(committee, units):
    """Secretary of the farmers' union: another unit of the same committee."""
    return _user_with_role(committee, "other_secretary", Role.SECRETARY, [units["union"]])


@pytest.fixture
def middle(committee, units):
    """The district command as a middle review level: it checks its
    commune command's activities before the standing office."""
    return _user_with_role(committee, "middle", Role.MIDDLE, [units["district"]])


@pytest.fixture
def standing_office(committee):
    return _user_with_role(committee, "office", Role.STANDING_OFFICE)


@pytest.fixture
def chair(committee):
    return _user_with_role(committee, "chair", Role.CHAIR)


@pytest.fixture
def staff(committee):
    return _user_with_role(committee, "staff", Role.STAFF)


@pytest.fixture
def outsider(other_committee):
    """Has a role, but in another committee."""
    return _user_with_role(other_committee, "outsider", Role.STANDING_OFFICE)


@pytest.fixture
def administrator(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


ROLE_FIXTURES = ["secretary", "other_secretary", "standing_office", "chair", "staff", "administrator"]


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def chromium(monkeypatch):
    """Debian's Chromium driven by Playwright. Request it after the data
    fixtures: once Playwright's loop runs, ORM calls in the test would open
    connections in another context that nothing closes."""
    import shutil

    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts():
    from pathlib import Path

    path = Path(__file__).resolve().parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Static files collected once, as a production deployment has them
    (without the gzip and brotli copies, which take half a minute)."""
    from devtools import processes

    root = tmp_path_factory.mktemp("static")
    processes.collect_static(
        processes.production_env(
            database_url="sqlite://", static_root=root, media_root=root / "unused-media", STATIC_COMPRESS="false"
        )
    )
    return root


@pytest.fixture
def served(collected_static, settings, tmp_path):
    """Starts gunicorn with production settings on the test database and
    media, sharing this test's secret key: `url, log, env = served(**env)`."""
    import contextlib

    from devtools import processes

    with contextlib.ExitStack() as stack:

        def start(**extra):
            env = processes.production_env(
                database_url=processes.database_url(),
                static_root=collected_static,
                media_root=settings.MEDIA_ROOT,
                SECRET_KEY=settings.SECRET_KEY,
                STATIC_COMPRESS="false",
                **extra,
            )
            url, log = stack.enter_context(processes.running_web(tmp_path / "web.log", env=env))
            return url, log, env

        yield start


@pytest.fixture
def page_text():
    """A page's HTML without its CSRF token (masked afresh on every
    response), so that two renderings of the same page compare equal."""
    import re

    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')

    def text(response) -> str:
        return token.sub('name="csrfmiddlewaretoken"', response.content.decode())

    return text
