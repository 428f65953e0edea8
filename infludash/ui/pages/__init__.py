"""The page files: each is run by ``st.navigation`` as a script, once per run of its page.

A page file only fetches the view the sidebar shared (:func:`infludash.ui.state.current_view`)
and hands it to its page module (``ui/overview.py``, ``ui/accounts.py``...). The drawing stays in
those modules because a script's functions and classes are made anew on every run in a throwaway
module: a cached result of a class defined there could not be pickled, and a test could not
reach its functions. Pages never import one another; what two pages share is a ui module of its
own (``account_table``, ``chart_config``).
"""
