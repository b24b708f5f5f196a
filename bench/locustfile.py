"""Locust scenarios of `make bench`; one user class per scenario, chosen on the command line.

Reads the plan written by `manage.py bench_plan` (BENCH_PLAN): session cookies of signed-in learners
and the URLs to visit. Writes, when the run stops, the SQL queries per request read from the
`X-Queries` header (bench.middleware) and the worker's time from `X-Server-Ms` to BENCH_QUERIES, and stops by itself after
BENCH_MAX_REQUESTS requests when that is set (the memory scenario), and waits BENCH_THINK ("1,3":
between 1 and 3 s) between two tasks of a user when that is set (the paced phase). Needs no Django.
"""

import itertools
import json
import os
import random
import re
import threading
from collections import defaultdict

import gevent
from locust import HttpUser, between, constant, events, task

PLAN = json.load(open(os.environ["BENCH_PLAN"], encoding="utf-8")) if os.environ.get("BENCH_PLAN") else {}
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "0") or 0)
# "min,max" seconds each user waits between two tasks (paced load); unset: closed loop, no wait.
THINK = tuple(float(x) for x in os.environ["BENCH_THINK"].split(",")) if os.environ.get("BENCH_THINK") else None
# Per request name: [SQL queries, requests, worker milliseconds, worker CPU milliseconds], summed.
QUERY_COUNTS: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0])
_learners = itertools.cycle(PLAN.get("learners", []))
_writing_learners = itertools.cycle(PLAN.get("writing_learners") or PLAN.get("learners", []))
_lock = threading.Lock()
_requests = itertools.count(1)
CHOICE_VALUE = re.compile(r'name="(q\d+)" value="(\d+)"')


@events.request.add_listener
def _count(name, response, exception, context, **kwargs):
    if response is not None and "X-Queries" in getattr(response, "headers", {}):
        totals = QUERY_COUNTS[name]
        totals[0] += int(response.headers["X-Queries"])
        totals[1] += 1
        totals[2] += float(response.headers.get("X-Server-Ms", 0))
        totals[3] += float(response.headers.get("X-Server-Cpu-Ms", 0))
    if MAX_REQUESTS and next(_requests) >= MAX_REQUESTS:
        runner = context.get("runner") if isinstance(context, dict) else None
        if runner is not None:
            runner.quit()


@events.test_stop.add_listener
def _write_queries(environment, **kwargs):
    path = os.environ.get("BENCH_QUERIES")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    name: {"queries": q, "requests": n, "server_ms": ms, "cpu_ms": cpu}
                    for name, (q, n, ms, cpu) in QUERY_COUNTS.items()
                },
                handle,
            )


class BenchUser(HttpUser):
    abstract = True
    # Closed loop (throughput): each user sends its next request as soon as the last one is answered.
    # Paced (latency): each user waits THINK seconds between two tasks, as a person does.
    wait_time = between(*THINK) if THINK else constant(0)
    signed_in = True
    writes = False  # the scenarios that add rows sign in as learners whose pages are not measured

    def on_start(self):
        if self.signed_in:
            with _lock:
                learner = next(_writing_learners if self.writes else _learners)
            self.client.cookies.set("sessionid", learner["sessionid"])
        if THINK:
            # Paced users arrive one by one, as people do: without this, all of them send their first
            # request in the same instant, and that one burst alone would make the tail latency.
            gevent.sleep(random.uniform(0, THINK[1]))

    def get(self, url: str, name: str, **kwargs):
        kwargs.setdefault("context", {"runner": self.environment.runner})
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response

    def post(self, url: str, name: str, data: dict, expect=302):
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **data}
        with self.client.post(
            url, name=name, data=data, catch_response=True, allow_redirects=False, context={"runner": self.environment.runner}
        ) as response:
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code}")
            return response


class Baseline(BenchUser):
    @task
    def baseline(self):
        self.get(PLAN["baseline_url"], "baseline")


class Catalogue(BenchUser):
    @task
    def catalogue(self):
        self.get(PLAN["catalogue_url"], "catalogue")


class Course(BenchUser):
    @task
    def course(self):
        self.get(PLAN["course_url"], "course")


class Lesson(BenchUser):
    @task
    def lesson(self):
        self.get(PLAN["lesson_url"], "lesson")


class Search(BenchUser):
    @task
    def search(self):
        self.get(PLAN["search_url"], "search")


class CompleteLesson(BenchUser):
    writes = True

    def on_start(self):
        super().on_start()
        self.get(PLAN["lesson_url"], "warm-up (csrf)")  # sets the csrftoken cookie
        self.urls = itertools.cycle(PLAN["complete_lesson_urls"])

    @task
    def complete(self):
        self.post(next(self.urls), "complete lesson", {"action": "terminer", "retour": PLAN["lesson_url"]})


class Heartbeat(BenchUser):
    """The lesson page's heartbeat (static/js/activity.js): one beat of 45 active seconds, as a page sends."""

    writes = True

    def on_start(self):
        super().on_start()
        self.get(PLAN["lesson_url"], "warm-up (csrf)")
        self.urls = itertools.cycle(PLAN["activity_urls"])

    @task
    def beat(self):
        self.post(next(self.urls), "activity beat", {"active_seconds": "45"}, expect=204)


class Quiz(BenchUser):
    """Start a 10-question quiz, answer every question, send: three POSTs, measured one by one."""

    writes = True

    def on_start(self):
        super().on_start()
        self.get(PLAN["lesson_url"], "warm-up (csrf)")

    @task
    def take_quiz(self):
        started = self.post(PLAN["quiz_start_url"], "quiz start", {})
        take_url = started.headers.get("Location", "")
        if not take_url:
            return
        page = self.get(take_url, "quiz page")
        answers = {}
        for field, value in CHOICE_VALUE.findall(page.text):
            answers.setdefault(field, value)
        self.post(take_url, "quiz answers", answers)
        self.post(take_url.split("?")[0] + "envoyer/", "quiz submit", {})


class Dashboard(BenchUser):
    @task
    def dashboard(self):
        self.get(PLAN["dashboard_url"], "dashboard")


class Webinars(BenchUser):
    @task
    def webinars(self):
        self.get(PLAN["webinars_url"], "webinar list")


class Calendar(BenchUser):
    signed_in = False

    @task
    def ics(self):
        self.get(PLAN["ics_url"], "ics feed")


class Trainer(BenchUser):
    def on_start(self):
        self.client.cookies.set("sessionid", PLAN["trainer_sessionid"])


class CourseReport(Trainer):
    @task
    def report(self):
        self.get(PLAN["report_url"], "course report")
