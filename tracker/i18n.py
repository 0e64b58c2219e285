"""Vietnamese first, English by setting. Each module keeps its own small catalogue."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("vi", "en")


class Catalogue:
    """Strings of one module in both languages; `text("vi", "key", n=3)` formats one."""

    def __init__(self, vi: Mapping[str, str], en: Mapping[str, str]) -> None:
        missing = set(vi) ^ set(en)
        if missing:
            raise ValueError(f"catalogue keys not in both languages: {sorted(missing)}")
        self._strings = {"vi": dict(vi), "en": dict(en)}

    def __call__(self, language: str, key: str, **values: object) -> str:
        strings = self._strings.get(language, self._strings["vi"])
        return strings[key].format(**values)
