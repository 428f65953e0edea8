"""The production defaults in .streamlit/config.toml and the security floors in requirements.txt
(README, "Deploying for a team")."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

#: Versions with published advisories are below these: streamlit 1.54 (CVE-2026-33682), pyarrow
#: 14.0.1 (CVE-2023-47248). streamlit 1.60 is the first with client.disableDataExport.
FLOORS = {"streamlit": (1, 60), "pyarrow": (14, 0, 1)}


@pytest.mark.parametrize(
    ("section", "option", "expected"),
    [
        ("server", "enableXsrfProtection", True),
        ("server", "enableCORS", True),
        ("server", "enableStaticServing", False),
        ("browser", "gatherUsageStats", False),
        ("client", "showErrorDetails", "none"),
        ("client", "showErrorLinks", False),
        ("client", "toolbarMode", "viewer"),
        ("client", "disableDataExport", True),
    ],
)
def test_production_setting(section: str, option: str, expected: object) -> None:
    assert CONFIG[section][option] == expected


def test_upload_limit_matches_the_reader() -> None:
    from infludash.read.limits import Limits

    mb = CONFIG["server"]["maxUploadSize"]
    assert Limits().max_bytes == mb * 1024 * 1024  # README: the file-size limit matches it


def _floor(requirements: str, package: str) -> tuple[int, ...]:
    match = re.search(rf"^{package}\s*>=\s*([0-9.]+)\s*$", requirements, re.MULTILINE)
    assert match, f"{package} has no lower bound"
    return tuple(int(part) for part in match.group(1).split("."))


@pytest.mark.parametrize("package", sorted(FLOORS))
def test_lower_bound_is_above_the_advisories(package: str) -> None:
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert _floor(requirements, package) >= FLOORS[package]


def test_every_option_is_known_to_the_installed_streamlit() -> None:
    """An option Streamlit does not know is ignored with a log line, not an error."""
    from streamlit import config

    known = config.get_config_options()
    for section, options in CONFIG.items():
        if not section.startswith("theme"):
            assert [o for o in options if f"{section}.{o}" not in known] == [], section
