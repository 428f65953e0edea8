"""Overview: headline numbers, the two charts, the drill-down and the tier table."""

from infludash.ui import overview, state

overview.render(state.current_view())
