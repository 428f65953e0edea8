"""Hostile input: a corpus of synthetic files built at test time (see ``corpus.py``)."""
