"""Screens that reload by themselves when sync or another officer changed the store.

While such a screen is shown, a thread looks at the store's data version every
CHECK_EVERY seconds and the screen reloads when it differs from the version its last
load read. Each load reads the version before its data and hands it back with them, so
the screen's own saves, which reload it anyway, do not reload it a second time.
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from tracker.store.version import Version, data_version
from tui.screens.base import TrackerScreen


class FollowingScreen(TrackerScreen):
    CHECK_EVERY = 5.0  # seconds between two looks at the store's data version
    version: Version | None = None  # what the data shown was read at

    class Probed(Message):
        def __init__(self, version: Version) -> None:
            super().__init__()
            self.version = version

    def on_mount(self) -> None:
        # TrackerScreen.on_mount runs too: Textual calls the handler of every class in the MRO.
        self.set_interval(self.CHECK_EVERY, self.check_version)

    def check_version(self) -> None:
        """Called by the timer: look at the data version, unless the screen is hidden."""
        if self.is_current and self.version is not None:
            self.probe()

    @work(thread=True, exclusive=True, group="probe", exit_on_error=False)
    def probe(self) -> None:
        try:
            with self.ctx.sessions() as session:
                version = data_version(session)
        except Exception:  # a missed look is retried in CHECK_EVERY seconds
            return
        self.post_message(self.Probed(version))

    def on_following_screen_probed(self, message: Probed) -> None:
        if message.version != self.version:
            self.version = message.version
            self.reload()
