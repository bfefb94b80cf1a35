"""Rasa SDK custom actions: a thin layer that asks ``bot`` for answers."""
