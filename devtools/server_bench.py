"""The web server's CPU per request, without contention: one gunicorn worker
(production settings) serves the load test's pages one request at a time,
from several secretaries and chairs of the `seed_scale` committee, and the
worker process's CPU time (from /proc) is read around each request. What the
load test cannot tell apart (the cost of a request from the cost of sharing
two cores) this measures alone."""

import os
import random
import statistics
import tempfile
from pathlib import Path
from urllib.parse import quote

import requests

from devtools import processes
from devtools.loadforms import field, forms_of, post_form, set_field


def _worker_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(plan: dict, *, database_url: str, secretaries: int, activities: int, chairs: int, rounds: int, log=print):
    """{page: {"requests", "cpu_ms"}} and "all", over `rounds` of the mix."""
    base = f"/c/{plan['committee']}"
    year = plan["year"]
    rng = random.Random(1)
    spent: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="server-bench-") as scratch:
        env = processes.production_env(
            database_url=database_url,
            static_root=Path(scratch) / "static",
            media_root=Path(scratch) / "media",
            STATIC_COMPRESS="false",
        )
        processes.collect_static(env)
        with processes.running_web(Path(scratch) / "web.log", env=env, workers=1) as (url, web_log):
            master = web_log.process.pid
            worker = int(Path(f"/proc/{master}/task/{master}/children").read_text().split()[0])

            def hit(session, name, method, path, **kwargs):
                before = _worker_cpu(worker)
                response = session.request(method, url + path, allow_redirects=False, timeout=60, **kwargs)
                spent.setdefault(name, []).append(_worker_cpu(worker) - before)
                if response.status_code not in (200, 302):
                    raise RuntimeError(f"{method} {path}: {response.status_code}")
                return response

            def filtered(status: str) -> str:
                category = quote(str(rng.choice(plan["categories"])))
                return f"{base}/activities/?year={year}&category={category}&status={status}"

            def login(person) -> requests.Session:
                session = requests.Session()
                form = next(
                    f for f in forms_of(session.get(url + "/accounts/login/").text) if field(f, "username") is not None
                )
                set_field(form, "username", person["username"])
                set_field(form, "password", plan["password"])
                session.post(url + "/accounts/login/", allow_redirects=False, timeout=60, **post_form(form))
                return session

            for number in range(rounds):
                log(f"round {number + 1} of {rounds} …")
                for person in plan["users"]["secretary"][:secretaries]:
                    session = login(person)
                    for pk in person["activities"][:activities]:
                        hit(session, "activity list", "GET", f"{base}/activities/?year={year}")
                        hit(session, "activity list, filtered", "GET", filtered("draft") + "&q=nha")
                        hit(session, "activity", "GET", f"{base}/activities/{pk}/")
                        edit = hit(session, "activity edit form", "GET", f"{base}/activities/{pk}/edit/")
                        form = next(f for f in forms_of(edit.text) if field(f, "title") is not None)
                        set_field(form, "people_reached", str(rng.randint(1, 500)))
                        hit(session, "activity save", "POST", f"{base}/activities/{pk}/edit/", **post_form(form))
                    hit(session, "home", "GET", f"{base}/")
                for person in plan["users"]["chair"][:chairs]:
                    session = login(person)
                    for _ in range(3):
                        hit(session, "summary", "GET", f"{base}/summary/?year={year}")
                        hit(session, "drill-down list", "GET", filtered("confirmed"))
    every = [s for values in spent.values() for s in values]
    result = {name: {"requests": len(v), "cpu_ms": round(statistics.fmean(v) * 1000, 1)} for name, v in spent.items()}
    result["all"] = {"requests": len(every), "cpu_ms": round(statistics.fmean(every) * 1000, 1)}
    return result
