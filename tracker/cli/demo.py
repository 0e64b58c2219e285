"""`tracker demo`: load the demo province into the store."""

from __future__ import annotations

from datetime import datetime

import click

from tracker.cli.context import AppContext, pass_app


@click.command()
@click.option("--seed", type=int, default=2022, show_default=True, help="Random seed.")
@click.option(
    "--size",
    type=click.Choice(["small", "medium", "large"]),
    default="medium",
    show_default=True,
    help="Teams in 1 (small), 3 (medium, ~100 teams) or all 12 (large) of Hải Dương's old "
    "districts.",
)
@click.option("--reset", is_flag=True, help="Replace a demo already in the store.")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Pretend today is this date (default: today in Vietnam).",
)
@pass_app
def demo(app: AppContext, seed: int, size: str, reset: bool, today: datetime | None) -> None:
    """Load the demo: Thành phố Hải Phòng as it is today (province > communes > villages),
    built from the map of June 2025 (Hải Dương and Hải Phòng, with districts) by the real
    reorganisation of 1 July 2025; teams, quotas, June 2025 and the last 60 days of reports.

    The same seed gives the same data. On a store that already holds the demo this
    changes nothing unless --reset is given.

    \b
    Example:
      tracker --db sqlite:///demo.db db upgrade
      tracker --db sqlite:///demo.db demo --seed 7
      tracker --db sqlite:///demo.db leaderboard --scope 30 --period 2025-06
    """
    from tracker.clock import today as local_today
    from tracker.demo import load_demo

    result = load_demo(
        app.sessions(),
        app.settings,
        today=today.date() if today is not None else local_today(),
        seed=seed,
        size=size,
        reset=reset,
    )
    if not result.loaded:
        click.echo(
            f"The store already holds the demo (seed {result.seed}, size {result.size}); "
            "use --reset to load it again.",
            err=True,
        )
        return
    click.echo(
        f"Demo loaded: {result.units} units, {result.teams} teams, "
        f"{result.messages} messages (seed {result.seed}, size {result.size}).",
        err=True,
    )
    if result.processing is not None:
        summary = ", ".join(f"{key} {value}" for key, value in result.processing.items())
        click.echo(f"Processed: {summary}.", err=True)
