"""Rasa NLU graph components of SonoPath (they import Rasa; config.yml names them)."""
