"""Packages are found automatically; `migrations/` ships as `tracker.migrations`.

pyproject.toml holds everything else. This file exists only because a package-dir
mapping cannot be combined with automatic discovery in pyproject.toml alone.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["tracker", "tracker.*", "tui", "tui.*", "adapters", "adapters.*"]),
        "tracker.migrations",
        "tracker.migrations.versions",
    ],
    package_dir={"tracker.migrations": "migrations"},
)
