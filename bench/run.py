"""`make bench`: serve the bench database with gunicorn, drive it with locust, write the results.

    .venv/bin/python bench/run.py --dataset var/bench/dataset.json [--duration 20 --users 20 --workers 4]

For each scenario (see SCENARIOS), locust runs headless with --users concurrent users for --duration
seconds; its CSV statistics, the `X-Queries` header of every response (bench.middleware) and the
peak resident memory of each gunicorn worker (VmHWM in /proc) are collected. The memory scenario hits
the lesson page --soak-requests times and records each worker's resident memory after the first
1,000 requests and at the end. Results go to bench/results/<date>-<sizes>.json, and the table of
docs/performance.md is regenerated from them (bench/report.py).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results"
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}

# (scenario, locust user class, plan key that must be non-empty, what is measured). The CSV export
# is not a locust scenario: it is one Celery task, timed from the request to the file (export_csv).
SCENARIOS = [
    ("baseline", "Baseline", "baseline_url", "page de référence : même corps de leçon, sans état d'apprenant·e"),
    ("catalogue", "Catalogue", "catalogue_url", "catalogue des parcours"),
    ("course", "Course", "course_url", "page d'un parcours"),
    ("lesson", "Lesson", "lesson_url", "page de leçon, apprenant·e connecté·e, dans le contexte du parcours"),
    ("complete_lesson", "CompleteLesson", "complete_lesson_urls", "« J'ai terminé cette leçon » (POST)"),
    ("heartbeat", "Heartbeat", "activity_urls", "battement du temps de formation (POST, 204)"),
    ("quiz", "Quiz", "quiz_start_url", "quiz de 10 questions : commencer, répondre, envoyer"),
    ("dashboard", "Dashboard", "dashboard_url", "tableau de bord, 10 inscriptions"),
    ("webinars", "Webinars", "webinars_url", "liste des webinaires"),
    ("search", "Search", "search_url", "recherche, apprenant·e connecté·e"),
    ("ics", "Calendar", "ics_url", "flux .ics des webinaires"),
    ("course_report", "CourseReport", "report_url", "rapport formateur d'un parcours (tous les inscrits)"),
]
# A trainer opens a report alone: this scenario runs with one user, not --users.
SINGLE_USER_SCENARIOS = {"course_report"}


def manage(*args: str) -> str:
    result = subprocess.run([str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=ENV, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} a échoué :\n{result.stderr[-3000:]}")
    return result.stdout


def machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        return sorted(int(pid) for pid in children.read_text().split())
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def memory_mib(pid: int) -> dict:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmHWM", "VmRSS")):
            name, amount, _unit = line.split()
            values[name.rstrip(":")] = round(int(amount) / 1024, 1)
    return {"peak_rss_mib": values.get("VmHWM"), "rss_mib": values.get("VmRSS")}


def workers_memory(master: int) -> dict[str, dict]:
    return {str(pid): memory_mib(pid) for pid in worker_pids(master)}


def wait_until_up(url: str, seconds: int = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn ne répond pas sur {url} après {seconds} s")


def warm_up(host: str, plan: dict, workers: int):
    """Each page a few times per worker before measuring: imports, template loading, first connections.
    Then the dashboard of every measured learner once per worker: what it reads from the content cache (the
    outlines, cards and quizzes of the learner's courses) differs from one learner to the next, while
    the other pages are the same for all; without this, a dashboard scenario measured the first
    filling of the cache for hundreds of courses at × 10 (the cold case is counted by the query budget
    tests, not here)."""

    def get(path: str, learner: dict) -> None:
        request = urllib.request.Request(host + path, headers={"Cookie": f"sessionid={learner['sessionid']}"})
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()

    for key in ("baseline_url", "catalogue_url", "course_url", "lesson_url", "dashboard_url", "webinars_url", "ics_url"):
        for _ in range(3 * workers):
            get(plan[key], plan["learners"][0])
    # As many at once as there are workers, so that each sync worker takes one: every worker's
    # local copy of the content cache (core.content_cache) holds each learner's courses, as it does in
    # a platform whose workers have served for a while.
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for learner in plan["learners"]:
            list(pool.map(get, [plan["dashboard_url"]] * workers, [learner] * workers))


def cpu_busy(seconds: float) -> float:
    """Share of the machine's CPU time spent busy over `seconds` (/proc/stat: all processes, ours too)."""

    def sample():
        with open("/proc/stat", encoding="ascii") as handle:
            values = [int(x) for x in handle.readline().split()[1:]]
        return sum(values), values[3] + values[4]  # total, idle + iowait

    total, idle = sample()
    time.sleep(seconds)
    total_after, idle_after = sample()
    spent = total_after - total
    return round(1 - (idle_after - idle) / spent, 3) if spent else 0.0


def wait_for_quiet_machine(threshold: float, window: float = 3.0, max_wait: float = 180.0) -> dict:
    """Wait until the machine is nearly idle before a scenario: between scenarios the bench itself does
    nothing, so what keeps the CPU busy then (a previous scenario's queued work, the database's
    background writes, another job) would slow the next one. Returns what was waited and seen, kept
    with the scenario's results; after `max_wait` the scenario runs anyway, marked not quiet."""
    started = time.monotonic()
    while True:
        busy = cpu_busy(window)
        waited = time.monotonic() - started
        if busy <= threshold or waited >= max_wait:
            return {"cpu_busy": busy, "waited_seconds": round(waited, 1), "quiet": busy <= threshold, "threshold": threshold}


def first_report_opening(host: str, plan: dict) -> float:
    """Seconds of the first opening of the course report, untimed by locust: the summary is computed
    then (no Celery worker runs during the bench, and its key moves with each publication), which can
    take longer than a whole scenario on a big course. Measured apart, then the scenario times the
    openings that read it."""
    request = urllib.request.Request(host + plan["report_url"], headers={"Cookie": f"sessionid={plan['trainer_sessionid']}"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    return round(time.monotonic() - started, 1)


def run_locust(
    user_class: str, *, host: str, plan: Path, users: int, duration: str, work: Path, max_requests=0, think: str = ""
) -> dict:
    prefix = work / f"{user_class}{'-paced' if think else ''}"
    queries = work / f"{prefix.name}-queries.json"
    env = {
        **ENV,
        "BENCH_PLAN": str(plan),
        "BENCH_QUERIES": str(queries),
        "BENCH_MAX_REQUESTS": str(max_requests),
        "BENCH_THINK": think,
    }
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        duration,
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
        user_class,
    ]
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    query_counts = json.loads(queries.read_text()) if queries.exists() else {}
    rows = {}
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated" or row["Name"].startswith("warm-up"):
                continue
            counted = query_counts.get(row["Name"], {})
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "requests_per_second": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
                "queries_per_request": (round(counted["queries"] / counted["requests"], 1) if counted.get("requests") else None),
                "server_ms_per_request": (
                    round(counted["server_ms"] / counted["requests"], 1)
                    if counted.get("requests") and "server_ms" in counted
                    else None
                ),
                "cpu_ms_per_request": (
                    round(counted["cpu_ms"] / counted["requests"], 1) if counted.get("requests") and "cpu_ms" in counted else None
                ),
            }
    return {"seconds": round(elapsed, 1), "requests": rows}


def add_ratios(rows: dict, baseline: dict) -> None:
    """Each row's throughput, p95 and worker time against the reference page's."""
    for row in rows.values():
        row["ratio_to_baseline_rps"] = round(row["requests_per_second"] / baseline["requests_per_second"], 2)
        row["ratio_to_baseline_p95"] = round(row["p95_ms"] / baseline["p95_ms"], 2) if baseline["p95_ms"] else None
        # The worker's time per request against the reference's: the steps of a loop (the quiz)
        # share one throughput, this tells each step's own cost (see docs/performance.md).
        if baseline.get("server_ms_per_request") and row.get("server_ms_per_request"):
            row["ratio_to_baseline_server"] = round(baseline["server_ms_per_request"] / row["server_ms_per_request"], 2)
        # The same with the CPU time only: what the page costs, whatever else the machine was doing.
        if baseline.get("cpu_ms_per_request") and row.get("cpu_ms_per_request"):
            row["ratio_to_baseline_cpu"] = round(baseline["cpu_ms_per_request"] / row["cpu_ms_per_request"], 2)


def median_round(rounds: list[dict]) -> dict:
    """The round (reference, then the scenario) whose ratio to the reference is the median of the
    rounds, with the ratios of every round kept beside it: on a shared machine one round can be 15 %
    off either way, the median of three is not."""
    if len(rounds) == 1:
        return rounds[0]

    def ratio(measured: dict) -> float:
        values = [row.get("ratio_to_baseline_rps") or 0 for row in measured["requests"].values()]
        return sum(values) / len(values) if values else 0

    kept = sorted(rounds, key=ratio)[len(rounds) // 2]
    kept["rounds"] = [{name: row.get("ratio_to_baseline_rps") for name, row in m["requests"].items()} for m in rounds]
    return kept


def evaluate(results: dict) -> dict:
    """Each target of the performance issues against the figures of this run (None: not measured).
    Throughput ratios are the closed loop's; latencies are the paced phase's (20 users who wait between
    two actions). The course report's and the export's limits depend on the size of the data (SCALE)."""
    scenarios = results["scenarios"]
    scale = results["parameters"].get("scale", 1)

    def figure(scenario, name, key):
        return scenarios.get(scenario, {}).get("requests", {}).get(name, {}).get(key)

    def paced(scenario, name):
        return scenarios.get(scenario, {}).get("paced", {}).get("requests", {}).get(name, {}).get("p95_ms")

    def at_least(value, floor):
        return None if value is None else value >= floor

    targets = {}
    targets["lesson ≥ 1.0× reference throughput"] = at_least(figure("lesson", "lesson", "ratio_to_baseline_rps"), 1.0)
    for scenario, name in (
        ("course", "course"),
        ("catalogue", "catalogue"),
        ("dashboard", "dashboard"),
        ("webinars", "webinar list"),
        ("search", "search"),
    ):
        targets[f"{name} ≥ 0.8× reference throughput"] = at_least(figure(scenario, name, "ratio_to_baseline_rps"), 0.8)
    # The four quiz steps run in one loop per user, so they share one req/s: each step's own ratio is
    # the reference's worker time over the step's (the same ratio as req/s for a page alone, both shown).
    for step in ("quiz start", "quiz page", "quiz answers", "quiz submit"):
        targets[f"{step} ≥ 0.6× reference (worker time)"] = at_least(figure("quiz", step, "ratio_to_baseline_server"), 0.6)
    queries = figure("quiz", "quiz start", "queries_per_request")
    targets["quiz start ≤ 10 SQL queries"] = None if queries is None else queries <= 10
    p95 = paced("lesson", "lesson")
    targets["lesson p95 < 150 ms"] = None if p95 is None else p95 < 150
    p95 = paced("dashboard", "dashboard")
    targets["dashboard p95 < 150 ms"] = None if p95 is None else p95 < 150
    p95 = paced("quiz", "quiz submit")
    targets["quiz submit p95 < 200 ms"] = None if p95 is None else p95 < 200
    report_limit = 250 if scale <= 1 else 400
    p95 = figure("course_report", "course report", "p95_ms")
    targets[f"course report p95 < {report_limit} ms"] = None if p95 is None else p95 < report_limit
    export_limit = 30 if scale <= 1 else 60
    export = scenarios.get("course_report_csv", {})
    seconds = export.get("seconds")
    targets[f"course report CSV export < {export_limit} s (Celery)"] = (
        None
        if not export.get("measured")
        else (export.get("status") == "ready" and seconds is not None and seconds < export_limit)
    )
    soak = results.get("memory")
    targets["worker memory flat over 10,000 requests"] = None if not soak else soak["flat"]
    return targets


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", required=True, help="JSON written by manage.py bench_dataset --output")
    parser.add_argument("--duration", default="20s")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8109)
    parser.add_argument("--soak-requests", type=int, default=10_000)
    parser.add_argument("--think", default="1,3", help="paced phase: seconds each user waits between two actions")
    parser.add_argument("--paced-duration", default="40s", help="paced phase length per scenario (0: none)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure each scenario compared with the reference this many times (reference, then the scenario) "
        "and keep the round with the median ratio",
    )
    parser.add_argument("--scenarios", default="", help="comma-separated subset of the scenarios")
    parser.add_argument("--note", default="", help="a sentence stored with the results (what changed, context)")
    parser.add_argument(
        "--reference-duration",
        default="10s",
        help="the reference page measured again for this long right before each scenario, which is compared "
        "with it (0: compare every scenario with the first reference run)",
    )
    parser.add_argument(
        "--quiet-threshold",
        type=float,
        default=0.15,
        help="before each scenario, wait (3 min at most) until the CPU is busy at most this share of the time over 3 s (0: no wait)",
    )
    args = parser.parse_args(argv)

    dataset = json.loads(Path(args.dataset).read_text())
    wanted = set(filter(None, args.scenarios.split(",")))
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    plan_path = work / "plan.json"
    host = f"http://127.0.0.1:{args.port}"
    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "parameters": {
            "sizes": dataset["sizes"],
            "counts": dataset["counts"],
            # 1 for the default sizes, 10 for `make bench SCALE=10` (the targets of the report depend on it).
            "scale": max(1, round(dataset["sizes"]["learners"] / 20000)),
            "users": args.users,
            "duration": args.duration,
            "gunicorn_workers": args.workers,
            "soak_requests": args.soak_requests,
            "think_seconds": args.think,
            "paced_duration": args.paced_duration,
            "reference_duration": args.reference_duration,
            "rounds": args.rounds,
        },
        "note": args.note,
        # A run of some scenarios only (--scenarios) never stands for its size in docs/performance.md.
        "complete": not wanted,
        "scenarios": {},
    }
    print(f"Machine : {results['machine']}")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    import redis  # the runtime requirement; db 9 is the bench's cache and broker

    redis.Redis.from_url(ENV.get("BENCH_REDIS_CACHE_URL", "redis://127.0.0.1:6379/9")).flushdb()
    manage("bench_plan", "--output", str(plan_path))
    plan = json.loads(plan_path.read_text())

    gunicorn = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "elearning.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            "--error-logfile",
            str(work / "gunicorn.log"),
            # gunicorn's default control socket is one path per machine: another gunicorn would take it.
            "--control-socket",
            str(work / "gunicorn.ctl"),
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        wait_until_up(f"{host}/healthz")
        warm_up(host, plan, args.workers)
        for scenario, user_class, key, label in SCENARIOS:
            if wanted and scenario not in wanted:
                continue
            if not plan.get(key):
                print(f"{scenario:18} non mesuré : la fonctionnalité n'existe pas dans ce code")
                results["scenarios"][scenario] = {"label": label, "measured": False}
                continue
            first_opening = first_report_opening(host, plan) if scenario == "course_report" else None
            quiet = wait_for_quiet_machine(args.quiet_threshold) if args.quiet_threshold > 0 else None
            if quiet:
                print(
                    f"{scenario:16} machine {'au repos' if quiet['quiet'] else 'occupée'} : "
                    f"{quiet['cpu_busy']:.0%} du CPU, après {quiet['waited_seconds']:.0f} s d'attente"
                )
            users = 1 if scenario in SINGLE_USER_SCENARIOS else args.users
            compared = scenario != "baseline" and args.reference_duration not in ("", "0", "0s")
            rounds = []
            for _ in range(args.rounds if compared and scenario not in SINGLE_USER_SCENARIOS else 1):
                # The machine's speed drifts during a run (a page whose code did not change measured 30 %
                # slower an hour after the reference): each scenario is compared with the reference page
                # measured just before it, with the same users.
                reference = None
                if compared:
                    reference = run_locust(
                        "Baseline", host=host, plan=plan_path, users=users, duration=args.reference_duration, work=work
                    )["requests"].get("baseline")
                    if reference:
                        print(
                            f"{scenario:16} référence juste avant : {reference['requests_per_second']:.1f} req/s, "
                            f"{reference['server_ms_per_request']} ms de worker"
                        )
                load_before = os.getloadavg()[0]
                measured = run_locust(user_class, host=host, plan=plan_path, users=users, duration=args.duration, work=work)
                measured.update(
                    label=label,
                    measured=True,
                    users=users,
                    load_average=[round(load_before, 2), round(os.getloadavg()[0], 2)],
                    workers=workers_memory(gunicorn.pid),
                    before=quiet,
                    reference=reference,
                )
                if reference:
                    add_ratios(measured["requests"], reference)
                rounds.append(measured)
            measured = median_round(rounds)
            if scenario not in SINGLE_USER_SCENARIOS and args.paced_duration not in ("", "0", "0s"):
                measured["paced"] = run_locust(
                    user_class, host=host, plan=plan_path, users=users, duration=args.paced_duration, work=work, think=args.think
                )
            if first_opening is not None:
                measured["first_opening_seconds"] = first_opening
                print(f"{scenario:16} première ouverture (résumé calculé à la demande) : {first_opening:.1f} s")
            results["scenarios"][scenario] = measured
            for phase, rows in (("boucle", measured["requests"]), ("rythmé", measured.get("paced", {}).get("requests", {}))):
                for name, row in rows.items():
                    print(
                        f"{scenario:16} {phase:7} {name:14} {row['requests_per_second']:7.1f} req/s  p50 {row['p50_ms']:6.0f}  "
                        f"p95 {row['p95_ms']:6.0f}  p99 {row['p99_ms']:6.0f} ms  {row['queries_per_request']} requêtes SQL  "
                        f"{row['failures']} échecs / {row['requests']}"
                    )
        first_baseline = results["scenarios"].get("baseline", {}).get("requests", {}).get("baseline")
        for measured in results["scenarios"].values():
            if not measured.get("reference") and first_baseline:
                add_ratios(measured.get("requests", {}), first_baseline)
        if not wanted or "course_report_csv" in wanted:
            results["scenarios"]["course_report_csv"] = export_csv(host, plan, work)
        if args.soak_requests and (not wanted or "memory" in wanted):
            results["memory"] = soak(args, host, plan_path, work, gunicorn.pid)
        results["targets"] = evaluate(results)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=60)
        shutil.copy(work / "gunicorn.log", RESULTS / "last-gunicorn.log.tmp") if (work / "gunicorn.log").exists() else None

    sizes = dataset["sizes"]
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d-%H%M")
    out = RESULTS / f"{stamp}-learners{sizes['learners']}-completions{sizes['completions']}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"Résultats : {out.relative_to(ROOT)}")
    if wanted:
        # A partial run must not replace the table of the last complete one.
        print(f"Passage partiel : docs/performance.md inchangé (python bench/report.py {out.relative_to(ROOT)} pour l'y mettre)")
        return
    from report import write_docs  # bench/report.py, beside this file

    write_docs(out)
    print("Tableau mis à jour : docs/performance.md")


def export_csv(host: str, plan: dict, work: Path) -> dict:
    """The trainer asks for the CSV of the course report; a Celery worker (started here) builds it."""
    label = "export CSV du rapport (tâche Celery)"
    if not plan.get("report_csv_url"):
        return {"label": label, "measured": False}
    worker = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "elearning", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=ENV,
        stdout=open(work / "celery.log", "w"),
        stderr=subprocess.STDOUT,
    )
    try:
        # The scenarios before this one queued Celery tasks (course summaries, e-mails, xAPI) that no
        # worker ran during the bench: a platform's workers run all the time, so the export is timed
        # once this backlog is done, and the time to work through it is reported apart.
        drain_seconds = _drain_queue()
        request = urllib.request.Request(
            host + plan["report_csv_url"], headers={"Cookie": f"sessionid={plan['trainer_sessionid']}"}
        )
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
        request_seconds = time.monotonic() - started
        timing = json.loads(manage("bench_export_wait", "--timeout", "600").strip().splitlines()[-1])
    except (OSError, SystemExit, ValueError) as error:
        # A failed export is a result to report, not a reason to lose the other measurements.
        print(f"export CSV : échec — {error}")
        return {"label": label, "measured": True, "status": "erreur", "error": str(error)[:500], "seconds": None}
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    print(
        f"export CSV : {timing} (la requête elle-même : {request_seconds:.2f} s ; file d'attente vidée avant en {drain_seconds:.1f} s)"
    )
    return {
        "label": label,
        "measured": True,
        "request_seconds": round(request_seconds, 2),
        "backlog_seconds": round(drain_seconds, 1),
        **timing,
    }


def _drain_queue(timeout: float = 900) -> float:
    """Seconds until the worker has taken every queued task, and a moment more for the last one."""
    import redis

    broker = redis.Redis.from_url(ENV.get("BENCH_CELERY_BROKER_URL", "redis://127.0.0.1:6379/9"))
    started = time.monotonic()
    while broker.llen("celery") and time.monotonic() - started < timeout:
        time.sleep(0.5)
    time.sleep(2)
    return time.monotonic() - started


def soak(args, host: str, plan: Path, work: Path, master: int) -> dict:
    """The lesson page --soak-requests times; each worker's memory after 1,000 requests and at the end."""
    first = min(1000, args.soak_requests)
    run_locust("Lesson", host=host, plan=plan, users=args.users, duration="900s", work=work, max_requests=first)
    after_first = workers_memory(master)
    rest = args.soak_requests - first
    if rest:
        run_locust("Lesson", host=host, plan=plan, users=args.users, duration="1800s", work=work, max_requests=rest)
    at_end = workers_memory(master)
    growth = {pid: round(at_end[pid]["rss_mib"] - after_first[pid]["rss_mib"], 1) for pid in at_end if pid in after_first}
    # Flat: no worker grew by more than 5 % between the 1,000th and the last request.
    flat = bool(growth) and all(growth[pid] <= 0.05 * after_first[pid]["rss_mib"] for pid in growth)
    print(f"Mémoire des workers après {first} requêtes : {after_first}")
    print(f"Mémoire des workers après {args.soak_requests} requêtes : {at_end} — croissance (Mio) : {growth}")
    return {
        "requests": args.soak_requests,
        "after_1000": after_first,
        "at_end": at_end,
        "growth_mib": growth,
        "flat": flat,
        "same_workers": sorted(after_first) == sorted(at_end),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
