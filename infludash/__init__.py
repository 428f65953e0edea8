"""InfluDash core: read account lists, bucket them into follower tiers, summarise engagement.

Importable without streamlit or plotly: the CLI, the tests and the app share this core, and only
``infludash.ui`` (and ``app.py``) touch streamlit.
"""

__version__ = "0.1.0"
