"""Reading what people type, outside Rasa's NLU: one normaliser and plural rule (``words``), the word
lists of ``knowledge/reading.yml`` (``vocabulary``), and the readers of places (``places``), credential
levels (``levels``) and school requests (``school_requests``)."""
