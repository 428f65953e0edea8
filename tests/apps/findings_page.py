"""The Findings page alone (AppTest cannot switch to a page given as a function)."""

from infludash.ui import findings_page, sidebar

findings_page.render(sidebar.render())
