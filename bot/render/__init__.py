"""Wording: every sentence SonoPath says, composed from the results that the decisions in ``bot`` return."""
