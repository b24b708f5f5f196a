"""With --rounds, each scenario is compared with the reference several times and the median round is kept."""

from bench.report import results_block
from bench.run import add_ratios, median_round


def _round(rps, reference_rps=100.0):
    rows = {
        "page": {
            "requests": 1000,
            "failures": 0,
            "requests_per_second": rps,
            "p50_ms": 150.0,
            "p95_ms": 200.0,
            "p99_ms": 250.0,
            "queries_per_request": 4.0,
            "server_ms_per_request": 1000 / rps,
            "cpu_ms_per_request": 500 / rps,
        }
    }
    add_ratios(
        rows, {"requests_per_second": reference_rps, "p95_ms": 100.0, "server_ms_per_request": 10.0, "cpu_ms_per_request": 4.0}
    )
    return {"label": "page de leçon", "measured": True, "requests": rows, "reference": {"requests_per_second": reference_rps}}


def test_ratios_are_taken_against_the_reference_of_the_same_round():
    rows = _round(80.0, reference_rps=100.0)["requests"]["page"]
    assert rows["ratio_to_baseline_rps"] == 0.8
    assert rows["ratio_to_baseline_p95"] == 2.0
    assert rows["ratio_to_baseline_server"] == 0.8
    assert rows["ratio_to_baseline_cpu"] == 0.64  # 4 ms of CPU for the reference, 6.25 for the page


def test_the_median_round_is_kept_and_every_round_is_told():
    # A slow machine during the second round: its reference is slow too, its ratio stays in the middle.
    rounds = [_round(120.0), _round(45.0, reference_rps=50.0), _round(70.0)]
    kept = median_round(rounds)
    assert kept["requests"]["page"]["ratio_to_baseline_rps"] == 0.9
    assert kept["reference"]["requests_per_second"] == 50.0
    assert kept["rounds"] == [{"page": 1.2}, {"page": 0.9}, {"page": 0.7}]


def test_a_single_round_is_kept_as_it_is():
    only = _round(90.0)
    assert median_round([only]) is only
    assert "rounds" not in only


def test_the_doc_says_how_many_rounds_and_their_ratios():
    kept = median_round([_round(120.0), _round(90.0), _round(70.0)])
    results = {
        "date": "2026-12-07T12:00:00+00:00",
        "machine": {"cpu": "AMD EPYC", "cores": 2, "ram_gib": 23.5, "load_average_at_start": [0.5, 0.4, 0.3]},
        "parameters": {
            "users": 20,
            "duration": "20s",
            "gunicorn_workers": 4,
            "think_seconds": "",
            "scale": 1,
            "rounds": 3,
            "counts": {"courses": 40},
        },
        "scenarios": {"lesson": kept},
    }
    block = results_block(results, "bench/results/x.json")
    assert "3 fois" in block
    assert "page de leçon 1,20 / 0,90 / 0,70" in block
    assert "| page de leçon | page | 90,0 | 0,90 |" in block
