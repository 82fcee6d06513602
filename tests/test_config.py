"""Settings are declared once, agree with the Settings class, and are documented."""

from __future__ import annotations

import dataclasses

from nrgraph.config import SETTINGS, Settings

from .conftest import ROOT


def test_the_settings_class_and_the_declarations_agree() -> None:
    fields = {f.name: f.default for f in dataclasses.fields(Settings)}
    assert fields == {s.name: s.default for s in SETTINGS}


def test_every_setting_is_documented_in_the_settings_page() -> None:
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"NRGRAPH_{s.name.upper()}" not in page]
    assert missing == []


def test_environment_overrides_and_port_fallback() -> None:
    settings = Settings.from_env({"PORT": "9001", "NRGRAPH_PRODUCTION": "yes"})
    assert settings.port == 9001
    assert settings.production is True
    assert Settings.from_env({"PORT": "9001", "NRGRAPH_PORT": "9002"}).port == 9002
