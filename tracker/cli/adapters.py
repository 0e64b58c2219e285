"""`tracker adapters`: the messaging adapters installed, and which are configured."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app


@click.command()
@click.option("--capabilities", is_flag=True, help="Load each adapter and show what it can do.")
@pass_app
def adapters(app: AppContext, capabilities: bool) -> None:
    """List the messaging adapters (built in, or from the `tracker.adapters` entry points).

    \b
    Example:
      tracker adapters
      tracker adapters --capabilities
    """
    from adapters.registry import adapter_names, adapter_target, load_adapter
    from tracker.channel_setup import configured

    ready = configured(app.settings)
    for name in adapter_names():
        state = "configured" if name in ready else "not configured"
        line = f"{name}\t{adapter_target(name)}\t{state}"
        if capabilities:
            caps = load_adapter(name).capabilities
            flags = [f for f in ("polling", "webhooks", "replies", "edits") if getattr(caps, f)]
            line += f"\t{','.join(flags)}\tmax {caps.max_text_length}"
        click.echo(line)
