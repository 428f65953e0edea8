"""Data quality: where every row went, what was guessed, and the column-mapping step."""

from infludash.ui import quality, state

quality.render(state.current_view())
