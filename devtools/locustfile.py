"""A working day on the coordination programme manager, for Locust.

Run by `python manage.py loadtest`, which prepares the users and writes their
logins and the rows they may edit to the JSON file named by LOAD_USERS_FILE.

Secretaries list, filter, search and open their unit's activities and save
drafts through the real edit form; chairs open yearly summaries and drill into
the list; office staff open the document archive, order a yearly review now
and then and download a printed one. Everybody thinks 1–3 s between clicks.
"""

import json
import os
import random
import re
import sys
from itertools import count
from pathlib import Path

import gevent
from locust import FastHttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from devtools.loadforms import field, forms_of, post_form, set_field  # noqa: E402

PLAN = json.loads(open(os.environ["LOAD_USERS_FILE"], encoding="utf-8").read())
COMMITTEE = PLAN["committee"]
YEAR = PLAN["year"]
BASE = f"/c/{COMMITTEE}"
RUN_LINK = re.compile(rf"{BASE}/reports/runs/(\d+)/download/")
WORDS = ["hoat dong", "nha", "kham benh", "tet", "qua", "tuyen truyen"]
SETTLE = float(os.environ.get("LOAD_SETTLE_SECONDS", "0"))


@events.spawning_complete.add_listener
def _measure_once_settled(user_count, **_kwargs):
    """Statistics start SETTLE seconds after the last user was started, when
    the logins (a deliberately slow password hash) are over."""
    from locust.env import Environment

    environment = next(e for e in _environments if isinstance(e, Environment))
    gevent.spawn_later(SETTLE, environment.runner.stats.reset_all)


_environments: list = []
events.init.add_listener(lambda environment, **_kwargs: _environments.append(environment))


class Visitor(FastHttpUser):
    """FastHttpUser (geventhttpclient): a fifth of the CPU per request of
    the requests-based HttpUser, which matters with the generator on the
    machine it measures. Redirects are not followed, so that a page that
    sends the visitor to the login form is seen as such."""

    abstract = True
    wait_time = between(1, 3)
    role = ""
    _numbers: dict[str, count] = {}

    def on_start(self):
        people = PLAN["users"][self.role]
        self.person = people[next(Visitor._numbers.setdefault(self.role, count())) % len(people)]
        page = self.client.get("/accounts/login/", name="login page")
        form = next(f for f in forms_of(page.text) if field(f, "username") is not None or f["method"] == "post")
        set_field(form, "username", self.person["username"])
        set_field(form, "password", PLAN["password"])
        with self.client.post(
            "/accounts/login/", name="login", catch_response=True, allow_redirects=False, **post_form(form)
        ) as r:
            if r.status_code != 302 or "/accounts/login/" in (r.headers.get("Location") or ""):
                r.failure("login refused")

    def page(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code in (301, 302) and "/accounts/login/" in (r.headers.get("Location") or ""):
                r.failure("sent back to the login page")
            elif r.status_code != 200:
                r.failure(f"status {r.status_code}")
            return r


class Secretary(Visitor):
    weight = 6
    role = "secretary"

    @task(3)
    def list_current_year(self):
        self.page(f"{BASE}/activities/?year={YEAR}", "activity list")

    @task(2)
    def filter_and_search(self):
        category = random.choice(PLAN["categories"])
        self.page(
            f"{BASE}/activities/?year={YEAR}&category={category}&status=draft&q={random.choice(WORDS)}",
            "activity list, filtered",
        )

    @task(1)
    def home(self):
        self.page(f"{BASE}/", "home")

    @task(2)
    def open_activity(self):
        pk = random.choice(self.person["activities"])
        self.page(f"{BASE}/activities/{pk}/", "activity")

    @task(2)
    def save_activity(self):
        pk = random.choice(self.person["activities"])
        edit = self.page(f"{BASE}/activities/{pk}/edit/", "activity edit form")
        if edit.status_code != 200:
            return
        form = next((f for f in forms_of(edit.text) if field(f, "title") is not None), None)
        if form is None:
            return
        set_field(form, "people_reached", str(random.randint(1, 500)))
        with self.client.post(
            f"{BASE}/activities/{pk}/edit/",
            name="activity save",
            catch_response=True,
            allow_redirects=False,
            **post_form(form),
        ) as r:
            if r.status_code == 200 and 'class="alert alert-warning conflict"' in r.text:
                # Two people saved the same activity at once: the second is shown the other's changes
                # (optimistic locking), which is the application working, not an error. Counted apart.
                r.request_meta["name"] = "activity save: conflict shown"
                r.success()
            elif r.status_code != 302:
                r.failure(f"not saved ({r.status_code})")


class Chair(Visitor):
    weight = 2
    role = "chair"

    @task(3)
    def summary(self):
        self.page(f"{BASE}/summary/?year={YEAR}", "summary")

    @task(1)
    def summary_last_year(self):
        self.page(f"{BASE}/summary/?year={YEAR - 1}", "summary")

    @task(1)
    def drill_down(self):
        category = random.choice(PLAN["categories"])
        self.page(f"{BASE}/activities/?year={YEAR}&status=confirmed&category={category}", "activity list, filtered")

    @task(1)
    def home(self):
        self.page(f"{BASE}/", "home")


class Staff(Visitor):
    weight = 1
    role = "staff"

    @task(8)
    def archive(self):
        r = self.page(f"{BASE}/reports/{YEAR}/", "document archive")
        if r.status_code == 200:
            self.printed = RUN_LINK.findall(r.text)

    @task(3)
    def download(self):
        for run_id in getattr(self, "printed", [])[:1]:
            self.page(f"{BASE}/reports/runs/{run_id}/download/", "document download")

    @task(1)
    def order_review(self):
        """Once per person: a review is ordered a few times a year, not every minute."""
        if getattr(self, "ordered", False):
            return
        self.ordered = True
        url = f"{BASE}/reports/{YEAR}/new/"
        page = self.page(url, "document request form")
        form = next((f for f in forms_of(page.text) if field(f, "kind") is not None), None)
        if form is None:
            return
        if not field(form, "signer") and form["selects"].get("signer"):
            set_field(form, "signer", form["selects"]["signer"][0])
        with self.client.post(
            url, name="document request", catch_response=True, allow_redirects=False, **post_form(form)
        ) as r:
            if r.status_code != 302:
                r.failure(f"not ordered ({r.status_code})")
