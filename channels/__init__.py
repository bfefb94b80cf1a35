"""Rasa server extensions: input channels (REST, socket.io, the web page), the lock store, and two
changes to how Rasa calls the action server.

These run inside the Rasa server (they import Rasa and Sanic); the page content itself comes from
``bot.web``, which does not. credentials.yml names channels from this package, so importing it is
the one place where the server-wide changes are switched on: the action guard (timeouts and a
clear notice, ``channels.action_guard``) and work done once instead of per message
(``channels.speedups``).
"""

from channels import action_guard, speedups

action_guard.install()
speedups.install()
