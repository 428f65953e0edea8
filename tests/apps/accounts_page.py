"""The Accounts page alone (AppTest cannot switch to a page given as a function)."""

from infludash.ui import accounts, sidebar

accounts.render(sidebar.render())
