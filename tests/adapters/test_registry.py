from __future__ import annotations

import subprocess
import sys

from tests.conftest import Tracker


def test_listing_adapters_imports_none_of_them() -> None:
    code = (
        "import sys; from adapters.registry import adapter_names; "
        "names = adapter_names(); "
        "loaded = ('adapters.telegram', 'adapters.zalo', 'httpx'); "
        "print(names, [m for m in sys.modules if m in loaded])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['telegram', 'zalo', 'zalo_oa'] []"


def test_the_adapters_command_lists_them(sqlite_tracker: Tracker, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TRACKER_TELEGRAM_TOKEN", "1:secret-token")
    result = sqlite_tracker.ok("adapters", "--capabilities")
    assert result.output.splitlines() == [
        "telegram\tadapters.telegram:TelegramAdapter\tconfigured"
        "\tpolling,webhooks,replies,edits\tmax 4096",
        "zalo\tadapters.zalo:ZaloAdapter\tnot configured\tpolling,webhooks\tmax 2000",
        "zalo_oa\tadapters.zalo_oa_api:ZaloOAAdapter\tnot configured\twebhooks,replies\tmax 2000",
    ]
    assert "secret-token" not in result.output
