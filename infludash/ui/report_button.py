"""Placeholder replaced below."""


def render(view):
    pass
