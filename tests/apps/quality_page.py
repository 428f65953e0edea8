"""The Data quality page alone (AppTest cannot switch to a page given as a function)."""

from infludash.ui import quality, sidebar

quality.render(sidebar.render())
