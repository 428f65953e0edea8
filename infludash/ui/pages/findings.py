"""Findings: the trade press's claims tested on the accounts on screen, and the flagged ones."""

from infludash.ui import findings_page, state

findings_page.render(state.current_view())
