"""Accounts: the filtered accounts, one tier at a time if wanted, and the downloads."""

from infludash.ui import accounts, state

accounts.render(state.current_view())
