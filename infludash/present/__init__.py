"""Numbers and codes to words, tables, charts and files. No streamlit."""
