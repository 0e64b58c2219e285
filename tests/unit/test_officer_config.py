"""The officer's name for the audit log: TRACKER_OFFICER, else `officer` in the config."""

from __future__ import annotations

from pathlib import Path

from tracker.config import load_settings


def test_officer_from_the_environment_then_the_config(tmp_path: Path) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text('officer = "Cán bộ xã Ngũ Hùng"\n', encoding="utf-8")
    assert load_settings("sqlite://", config, {}).officer == "Cán bộ xã Ngũ Hùng"
    env = {"TRACKER_OFFICER": "Chị Lan"}
    assert load_settings("sqlite://", config, env).officer == "Chị Lan"
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    assert load_settings("sqlite://", empty, {}).officer is None
