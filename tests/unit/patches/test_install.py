"""``rasa_patches.install()``: only on the Rasa versions the patches were checked against, the
speed-ups switchable, nothing installed twice; and the launcher scripts/run.sh starts Rasa with."""

from __future__ import annotations

import logging
import sys

import pytest
import rasa
from rasa.shared.core.events import Event

import rasa_patches
from rasa_patches import __main__ as launcher
from rasa_patches import event_lookup

pytestmark = pytest.mark.usefixtures("stock_rasa")
EVERY_PATCH = rasa_patches.ALL_PATCHES
EVERY_NAME = [patch.name for patch in EVERY_PATCH]


def members(patches: tuple = EVERY_PATCH) -> dict:
    """The Rasa class members the patches replace, as they are now."""
    return {(r.owner, r.name): vars(r.owner)[r.name] for patch in patches for r in patch.replacements}


def rasas_members(patches: tuple = EVERY_PATCH) -> dict:
    return {(r.owner, r.name): r.rasas for patch in patches for r in patch.replacements}


def our_members(patches: tuple = EVERY_PATCH) -> dict:
    return {(r.owner, r.name): r.ours for patch in patches for r in patch.replacements}


def install_logged(caplog: pytest.LogCaptureFixture) -> tuple[list[str], list[logging.LogRecord]]:
    with caplog.at_level(logging.INFO, logger="rasa_patches"):
        installed = rasa_patches.install()
    return installed, [record for record in caplog.records if record.name == "rasa_patches"]


@pytest.mark.parametrize("version", ["3.7.0", "3.5.17", "4.0.0", "3.6.0", "3.6.22", "3.6.21rc1", "not a version"])
def test_another_rasa_version_gets_no_patch_and_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, version: str
) -> None:
    monkeypatch.setattr(rasa, "__version__", version)
    installed, logged = install_logged(caplog)
    assert installed == []
    assert members() == rasas_members()
    assert [(record.levelname, version in record.getMessage()) for record in logged] == [("WARNING", True)]


def test_the_rasa_the_patches_were_copied_from_gets_every_patch(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    version = "3.6.21"
    monkeypatch.setattr(rasa, "__version__", version)
    assert rasa_patches.installed() == []
    installed, logged = install_logged(caplog)
    assert installed == EVERY_NAME == rasa_patches.installed()
    assert members() == our_members()
    assert [record.getMessage() for record in logged] == [f"Rasa {version} patched: {', '.join(EVERY_NAME)}"]


@pytest.mark.parametrize("setting", ["off", "OFF", " off "])
def test_speedups_off_leaves_rasas_members_but_keeps_the_guards(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, setting: str
) -> None:
    monkeypatch.setenv(rasa_patches.SPEEDUPS_VARIABLE, setting)
    installed, logged = install_logged(caplog)
    assert installed == ["action_guard", "store_guard"] == rasa_patches.installed()
    assert members(rasa_patches.GUARDS) == our_members(rasa_patches.GUARDS)
    assert members(rasa_patches.SPEEDUPS) == rasas_members(rasa_patches.SPEEDUPS)
    assert len(logged) == 1 and "speed-ups off: SONOPATH_SPEEDUPS=off" in logged[0].getMessage()


@pytest.mark.parametrize("setting", ["on", ""])
def test_speedups_are_on_unless_switched_off(monkeypatch: pytest.MonkeyPatch, setting: str) -> None:
    monkeypatch.setenv(rasa_patches.SPEEDUPS_VARIABLE, setting)
    assert rasa_patches.install() == EVERY_NAME


def test_an_unknown_switch_setting_keeps_the_speedups_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(rasa_patches.SPEEDUPS_VARIABLE, "fast")
    installed, logged = install_logged(caplog)
    assert installed == EVERY_NAME
    assert [record.levelname for record in logged] == ["WARNING", "INFO"]
    assert "'fast' is neither on nor off" in logged[0].getMessage()


def test_installing_twice_is_installing_once() -> None:
    rasa_patches.install()
    once = members()
    assert rasa_patches.install() == EVERY_NAME
    assert members() == once
    assert Event.resolve_by_type.__wrapped__ is event_lookup.PATCH.replacements[0].rasas.__func__  # wrapped once


def test_each_patch_was_taken_from_a_supported_rasa_and_this_rasa_is_supported() -> None:
    assert all(rasa_patches.rasa_supported(patch.rasa_version) for patch in EVERY_PATCH)
    assert rasa_patches.rasa_supported(rasa.__version__)


def test_the_launcher_installs_the_patches_then_runs_rasas_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    handed_over: list = []
    monkeypatch.setattr(launcher, "rasa_main", lambda: handed_over.append((list(sys.argv), members())))
    monkeypatch.setattr(sys, "argv", ["/somewhere/rasa_patches/__main__.py", "run", "--port", "5005"])
    launcher.main()
    [(argv, members_then)] = handed_over
    assert argv == ["rasa", "run", "--port", "5005"]
    assert members_then == our_members()
    assert f"INFO     rasa_patches  - Rasa {rasa.__version__} patched: action_guard" in capsys.readouterr().err
    assert rasa_patches.logger.propagate and not rasa_patches.logger.handlers  # Rasa's logging takes over
