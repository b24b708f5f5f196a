"""The bench waits for a quiet machine before each scenario and says how long, in the results and the doc."""

from bench.report import results_block
from bench.run import cpu_busy, wait_for_quiet_machine


def test_cpu_busy_is_a_share_of_the_machine():
    assert 0.0 <= cpu_busy(0.2) <= 1.0


def test_waiting_stops_at_once_on_a_quiet_machine_and_after_the_limit_on_a_busy_one():
    quiet = wait_for_quiet_machine(threshold=1.0, window=0.1, max_wait=5)
    assert quiet["quiet"] and quiet["waited_seconds"] < 1
    # No machine is ever busy less than 0 % of the time: the wait gives up after max_wait, and says so.
    busy = wait_for_quiet_machine(threshold=-1.0, window=0.1, max_wait=0.3)
    assert not busy["quiet"] and busy["waited_seconds"] >= 0.3


def _results(befores):
    return {
        "date": "2026-12-07T12:00:00+00:00",
        "machine": {"cpu": "AMD EPYC", "cores": 2, "ram_gib": 23.5, "load_average_at_start": [0.5, 0.4, 0.3]},
        "parameters": {
            "users": 20, "duration": "20s", "gunicorn_workers": 4, "think_seconds": "", "scale": 1,
            "counts": {"courses": 40},
        },
        "scenarios": {
            f"s{index}": {"label": "page", "measured": True, "requests": {}, "before": before}
            for index, before in enumerate(befores)
        },
    }  # fmt: skip


def test_the_doc_says_the_waits_and_the_scenarios_run_without_a_quiet_machine():
    block = results_block(
        _results(
            [
                {"cpu_busy": 0.05, "waited_seconds": 12.0, "quiet": True, "threshold": 0.15},
                {"cpu_busy": 0.4, "waited_seconds": 180.0, "quiet": False, "threshold": 0.15},
            ]
        ),
        "bench/results/x.json",
    )
    line = next(line for line in block.splitlines() if "machine au repos" in line)
    assert "192 s d'attente en tout" in line
    assert "CPU occupé 5 à 40 %" in line
    assert "1 lancé(s) sans repos après 3 min" in line


def test_the_doc_says_each_scenario_is_compared_with_the_reference_measured_just_before_it():
    results = _results([None, None])
    results["parameters"]["reference_duration"] = "10s"
    results["scenarios"]["s0"]["reference"] = {"requests_per_second": 130.0, "server_ms_per_request": 25.3}
    results["scenarios"]["s1"]["reference"] = {"requests_per_second": 100.0, "server_ms_per_request": 33.0}
    results["scenarios"]["s0"]["users"] = results["scenarios"]["s1"]["users"] = 20
    # A single trainer's report: its reference, under another load, is not a speed of the machine.
    results["scenarios"]["s2"] = {
        "label": "rapport",
        "measured": True,
        "users": 1,
        "requests": {},
        "reference": {"requests_per_second": 40.0, "server_ms_per_request": 12.0},
    }
    line = next(line for line in results_block(results, "x.json").splitlines() if "Rapports à la référence" in line)
    assert "mesurée juste avant lui (10s" in line
    assert "25,3 à 33,0 ms" in line
