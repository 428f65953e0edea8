"""The Campaign planner page alone (AppTest cannot switch to a page given as a function)."""

from infludash.ui import planner_page, sidebar

planner_page.render(sidebar.render())
