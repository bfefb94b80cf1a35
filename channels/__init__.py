"""Rasa server extensions: input channels (REST, socket.io, the web page) and the lock store.

These run inside the Rasa server (they import Rasa and Sanic); the page content itself comes from
``bot.web``, which does not. Changes to Rasa's own code are not made here but by ``rasa_patches``,
installed when the server starts.
"""
