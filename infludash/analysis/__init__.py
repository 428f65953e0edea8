"""A ReadResult to numbers and codes: tiers, engagement, summaries, statistics, findings, planner.
No words, no plotly, no streamlit."""
