"""``python -m rasa_patches ARGS``: ``rasa ARGS`` with SonoPath's Rasa patches installed first.

Rasa loads the project's code only through its configuration files, none of which is the place to
change Rasa itself, so the Rasa server is started through this launcher (scripts/run.sh does it).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rasa.__main__ import main as rasa_main

import rasa_patches

# Rasa's own log format: Rasa sets up logging only after reading its arguments, after install().
LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s  - %(message)s"


@contextmanager
def logged_to_stderr(logger: logging.Logger) -> Iterator[None]:
    """Shows ``logger``'s INFO lines on stderr for the duration, before Rasa's logging is set up."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def main() -> None:
    with logged_to_stderr(rasa_patches.logger):
        rasa_patches.install()
    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
