"""SonoPath's changes to Rasa's own code, installed by an explicit call on the Rasa versions they
were checked against.

Rasa has no hook for any of them, so each patch (one module each) swaps members of a Rasa class for
edited copies of Rasa's code, or for a wrapper around it. Each module's ``PATCH`` names the Rasa
release that code was taken from and keeps Rasa's own members (``Replacement.rasas``), which the
tests use as yardsticks.

The guards, behaviour fixes:

- ``action_guard``: ``RemoteAction.run`` gets a timeout (``SONOPATH_ACTION_TIMEOUT``) and, when the
  action server fails, the person a notice instead of silence;
- ``store_guard``: ``FailSafeTrackerStore`` raises when the tracker store fails instead of answering
  from an empty conversation kept in memory, so the person is told to send the message again.

The speed-ups, the same results with less work per message (measured in bench/experiments.md):

- ``action_response_check``: ``RemoteAction._validate_action_result`` validates with a validator
  built once;
- ``event_lookup``: ``Event.resolve_by_type`` remembers its answer for each type name;
- ``tracker_store``: ``SQLTrackerStore._retrieve``, ``_additional_events`` and ``save`` read with one
  prepared query, count stored events once, and insert new ones with one statement; a SQLite file
  store keeps its connections and a write-ahead log (``__init__`` wrapped), still synced on every commit;
- ``action_client``: ``EndpointConfig.session`` keeps connections to the action server open (the pool
  closes with the server, ``rasa.core.run.close_resources`` wrapped) and encodes JSON with ``ujson``;
- ``graph_runner``: ``DaskGraphRunner.run`` runs the graph's nodes in a fixed order without dask;
- ``rule_matching``: ``RulePolicy._get_possible_keys`` checks only the rules whose last step can
  match the intent just heard.

Nothing is installed on import. ``install()`` does it; ``python -m rasa_patches ARGS`` calls it, then
runs Rasa's own command line (``rasa ARGS``); scripts/run.sh starts the Rasa server and
``rasa shell`` that way.

Supported versions: ``SUPPORTED_RASA`` (Rasa 3.6.21, the release the copies were taken from). On
any other version ``install()`` installs nothing, the guard included (it relies on 3.6's
``RemoteAction.run``), and logs one warning.

Switch: ``SONOPATH_SPEEDUPS=off`` (environment) leaves the speed-ups out, to measure them or to rule
them out when something looks wrong. The action guard stays installed: it changes what the person
hears, so switching off speed-ups must not switch it off.

Upgrading Rasa: widen ``SUPPORTED_RASA``, run the equivalence tests (tests/unit/patches,
tests/integration/test_graph_runner.py and tests/integration/test_rule_matching.py, which compare
each replacement with the new Rasa's own member, plus tests/integration/test_faults.py for the
guard), and switch off what fails by taking its ``PATCH`` out of ``SPEEDUPS``. A patch that passes
gets the new version as its ``rasa_version`` once its copy has been compared with the new Rasa code.
"""

from __future__ import annotations

import logging
import os

import rasa
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from rasa_patches import (
    action_client,
    action_guard,
    action_response_check,
    event_lookup,
    graph_runner,
    rule_matching,
    store_guard,
    tracker_store,
)
from rasa_patches.patch import Patch

logger = logging.getLogger(__name__)

# The release every patch's code was copied from and checked against (each PATCH names it too).
SUPPORTED_RASA = SpecifierSet("==3.6.21")
SPEEDUPS_VARIABLE = "SONOPATH_SPEEDUPS"
# Behaviour fixes: they change what the person hears, so SONOPATH_SPEEDUPS=off leaves them in.
GUARDS: tuple[Patch, ...] = (action_guard.PATCH, store_guard.PATCH)
SPEEDUPS: tuple[Patch, ...] = (
    action_response_check.PATCH,
    event_lookup.PATCH,
    tracker_store.PATCH,
    action_client.PATCH,
    graph_runner.PATCH,
    rule_matching.PATCH,
)
ALL_PATCHES: tuple[Patch, ...] = (*GUARDS, *SPEEDUPS)


def rasa_supported(version: str) -> bool:
    """Whether the patches were checked against this Rasa version."""
    try:
        return Version(version) in SUPPORTED_RASA
    except InvalidVersion:
        return False


def speedups_wanted() -> bool:
    """``SONOPATH_SPEEDUPS``: ``off`` switches the speed-ups off; unset or ``on`` keeps them."""
    setting = os.environ.get(SPEEDUPS_VARIABLE, "").strip().lower()
    if setting not in ("", "on", "off"):
        logger.warning("%s=%r is neither on nor off; the speed-ups stay on", SPEEDUPS_VARIABLE, setting)
    return setting != "off"


def installed() -> list[str]:
    """The names of the patches in place in this process."""
    return [patch.name for patch in ALL_PATCHES if patch.applied]


def install() -> list[str]:
    """Installs the patches this Rasa version and the switch allow and returns their names, logging
    one line either way. Idempotent; it never removes a patch installed before."""
    version = rasa.__version__
    if not rasa_supported(version):
        logger.warning(
            "Rasa %s is outside the versions SonoPath's Rasa patches were checked against (%s): none installed, "
            "so custom actions have no timeout or failure notice and the speed-ups are off",
            version,
            SUPPORTED_RASA,
        )
        return []
    speedups = speedups_wanted()
    patches = ALL_PATCHES if speedups else GUARDS
    for patch in patches:
        patch.apply()
    names = [patch.name for patch in patches]
    switched_off = "" if speedups else f" (speed-ups off: {SPEEDUPS_VARIABLE}=off)"
    logger.info("Rasa %s patched: %s%s", version, ", ".join(names), switched_off)
    return names
