"""How every page's plotly charts behave in the browser (shared, so no page imports another)."""

from __future__ import annotations


def chart_config(name: str) -> dict[str, object]:
    """Plotly's own "download as PNG" button, with a file name that says what the chart is."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2},
    }
