"""Campaign planner: what a budget buys per tier and for a mix of tiers."""

from infludash.ui import planner_page, state

planner_page.render(state.current_view())
