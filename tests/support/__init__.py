"""Helpers shared by the tests, ``bench/`` and ``docs/make_screenshots.py``: seeded account lists
(:mod:`tests.support.accounts`), the real app on a free port (:mod:`tests.support.server`) and
a page of the app run headless (:mod:`tests.support.pages`). None of them needs pytest."""
