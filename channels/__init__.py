"""Rasa server extensions: the web page channel and a socket.io channel with origin checks.

These run inside the Rasa server (they import Rasa and Sanic); the page content itself comes from
``bot.web``, which does not.
"""
