"""`make report`: the messages SonoPath could not answer, read from the tracker store, so that the
knowledge base grows where people's questions go unanswered (``python -m tools.report --help``)."""
