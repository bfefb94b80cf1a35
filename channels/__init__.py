"""Rasa server extensions: input channels (REST, socket.io, the web page) and the action guard.

These run inside the Rasa server (they import Rasa and Sanic); the page content itself comes from
``bot.web``, which does not. credentials.yml names channels from this package, so importing it is
the one place where the server-wide action guard (``channels.action_guard``) is switched on.
"""

from channels import action_guard

action_guard.install()
