"""Start-up time: median wall time of `tracker --help` against `python -c pass`.

Target (issue 2): at most 0.3 s and at most 5x the bare interpreter.
Run: .venv/bin/python benchmarks/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, capture_output=True, check=True)  # warm the page cache and .pyc files
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    tracker = Path(sys.executable).with_name("tracker")
    if not tracker.exists():
        sys.exit(f"{tracker} not found: run `make test` or `pip install .` first")
    bare = median_seconds([sys.executable, "-c", "pass"], args.runs)
    helped = median_seconds([str(tracker), "--help"], args.runs)
    print(f"python -c pass : {bare * 1000:7.1f} ms (median of {args.runs})")
    print(f"tracker --help : {helped * 1000:7.1f} ms (median of {args.runs})")
    print(f"ratio          : {helped / bare:7.2f}x   (target <= 5x and <= 300 ms)")
    print(f"cpus           : {os.cpu_count()}")


if __name__ == "__main__":
    main()
