"""`tracker` for subprocess tests: the real command, with stand-ins for missing parts."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.e2e.standins import install

install()

from tracker.cli.main import main  # noqa: E402

if __name__ == "__main__":
    main()
