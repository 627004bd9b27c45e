"""bench --compare: one table over sizes, several runs of a size counted
with the median of each figure (a noisy machine), the query counts shown
as they were."""

from devtools.bench import compare


def _run(size: int, p95: float, cpu: float, queries: int = 7) -> dict:
    return {
        "installation_activities": size,
        "results": [
            {"page": "list", "p50_ms": p95 - 5, "p95_ms": p95, "cpu_ms": cpu, "db_cpu_ms": None, "queries": queries},
        ],
    }


def test_the_median_of_the_runs_of_each_size_and_the_ratio_of_the_largest_to_the_smallest():
    table = compare(
        [_run(10**5, 10, 4), _run(5 * 10**6, 22, 9), _run(10**5, 30, 6), _run(5 * 10**6, 26, 7)]
        + [_run(10**5, 20, 5), _run(5 * 10**6, 24, 8)]
    )
    assert "(median of 3 runs)" in table
    row = next(line for line in table.splitlines() if line.startswith("| list |"))
    assert row == "| list | 15 / 20, 5, 7 | 19 / 24, 8, 7 | 1.20 |"


def test_query_counts_that_differ_between_runs_are_shown_not_hidden():
    row = compare([_run(10**5, 10, 4, queries=7), _run(10**5, 12, 4, queries=8), _run(10**6, 10, 4)])
    assert "| list | 6.0 / 11.0, 4.0, 7/8 | 5 / 10, 4, 7 | 0.91 |" in row
