"""Rasa server extensions: input channels (REST, socket.io, the web page) and the lock store.

These run inside the Rasa server (they import Rasa and Sanic); the page content itself comes from
``bot.web``, which does not. Changes to Rasa's own code are not made here but by ``rasa_patches``,
installed when the server starts.
"""

import logging

import rasa_patches

if not all(guard.applied for guard in rasa_patches.GUARDS):
    # Rasa loads this package from credentials.yml; a server started as plain `rasa run` has no patches.
    logging.getLogger(__name__).warning(
        "SonoPath's Rasa patches are not installed (start the server with scripts/run.sh or "
        "`python -m rasa_patches run ...`): custom actions have no timeout or failure notice, and a "
        "tracker store outage starts conversations afresh"
    )
