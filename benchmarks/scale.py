"""How the standing's figures grow from `small` to `province` to `country`.

    python benchmarks/generate.py --size small    --db postgresql+psycopg://…/small
    python benchmarks/generate.py --size province --db postgresql+psycopg://…/province
    python benchmarks/generate.py --size country  --db postgresql+psycopg://…/country
    python benchmarks/scale.py --small …/small --province …/province --country …/country

Runs benchmarks/bench_standing.py's measurements on each store in turn (scope P0, a
province; on `country` also its root), prints each store's figures beside their bare
GROUP BY, then one table: each figure per size and the factor from one size to the next.
A store left out is skipped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_standing import Run, measure, report

SIZES = ("small", "province", "country")
NAMES = {
    "leaderboard": "leaderboard of P0",
    "root": "leaderboard of the root",
    "digest": "a commune's digest",
    "overdue": "overdue list of P0",
    "chats": "unit-chat digests of P0",
}


def growth(runs: dict[str, Run]) -> None:
    sizes = [size for size in SIZES if size in runs]
    print("\nwhole process, ms (× the size before)  |  bare GROUP BY, ms")
    print(f"  {'':<26}" + "".join(f"{size:>22}" for size in sizes))
    for key, name in NAMES.items():
        cells, before = [], None
        for size in sizes:
            found = [f for f in runs[size].figures if f.key == key]
            if not found:
                cells.append(f"{'-':>22}")
                continue
            figure = found[0]
            factor = f"×{figure.seconds / before:.1f}" if before else ""
            cells.append(f"{figure.seconds * 1000:8.0f} {factor:>5} | {figure.bare * 1000:6.1f}")
            before = figure.seconds
        print(f"  {name:<26}" + "".join(f"{cell:>22}" for cell in cells))
    print("  entries                   " + "".join(f"{runs[size].entries:>22,}" for size in sizes))
    print(
        "  load average (before)     " + "".join(f"{runs[size].load[0]:>22.2f}" for size in sizes)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    for size in SIZES:
        parser.add_argument(f"--{size}", metavar="URL", help=f"the `{size}` store")
    parser.add_argument("--scope", default="P0")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs: dict[str, Run] = {}
    for size in SIZES:
        url = getattr(args, size)
        if url:
            runs[size] = measure(url, args.scope, repeat=args.repeat)
            print(f"\n{size}:")
            report(runs[size], args.repeat)
    if not runs:
        sys.exit("give at least one store: --small, --province or --country")
    growth(runs)


if __name__ == "__main__":
    main()
