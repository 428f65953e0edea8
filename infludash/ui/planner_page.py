def render(view):
    pass
