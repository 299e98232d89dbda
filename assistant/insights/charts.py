"""Charts as inline SVG made with matplotlib (no browser script, no CDN): text stays text, so it scales and can be
read by screen readers and searched; every chart's numbers are also given as a table next to it."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

# Okabe-Ito colours: told apart with every common colour-vision deficiency.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_STYLE = {"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 10, "axes.spines.top": False,
          "axes.spines.right": False, "axes.edgecolor": "#444444", "text.color": "#1a1a1a",
          "axes.labelcolor": "#1a1a1a", "xtick.color": "#1a1a1a", "ytick.color": "#1a1a1a"}


def _svg(figure: Any, name: str, label: str) -> str:
    """The figure as an <svg> element: no XML prolog, ids unique to this chart, sized by the page, labelled."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({**_STYLE, "svg.hashsalt": name}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'id="([^"]+)"', rf'id="{name}-\1"', svg)  # several charts in one page: no shared ids
    svg = re.sub(r'(url\(#|xlink:href="#|href="#)([^")]+)', rf"\1{name}-\2", svg)
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"',
                 rf'<svg\1 role="img" aria-label="{escape(label, quote=True)}" class="chart"', svg, count=1)
    return svg


def _figure(height: float) -> Any:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(7.5, height), dpi=100)
        figure.add_subplot(1, 1, 1)
    return figure


def stacked_bars(name: str, label: str, categories: Sequence[str], series: Mapping[str, Sequence[int]],
                 horizontal: bool = False) -> str:
    """Bars per category, stacked by series (a legend names the series), as inline SVG."""
    import matplotlib

    with matplotlib.rc_context(_STYLE):
        figure = _figure(max(2.2, 0.42 * len(categories) + 1.2) if horizontal else 3.2)
        axes = figure.axes[0]
        positions = list(range(len(categories)))
        base = [0] * len(categories)
        for i, (series_name, values) in enumerate(series.items()):
            colour = COLOURS[i % len(COLOURS)]
            if horizontal:
                axes.barh(positions, values, left=base, color=colour, label=series_name, height=0.6)
            else:
                axes.bar(positions, values, bottom=base, color=colour, label=series_name, width=0.7)
            base = [b + v for b, v in zip(base, values, strict=True)]
        if horizontal:
            axes.set_yticks(positions)
            axes.set_yticklabels(categories)
            axes.invert_yaxis()
            axes.xaxis.get_major_locator().set_params(integer=True)
        else:
            axes.set_xticks(positions)
            axes.set_xticklabels(categories, rotation=45 if len(categories) > 6 else 0, ha="right"
                                 if len(categories) > 6 else "center")
            axes.yaxis.get_major_locator().set_params(integer=True)
        if not horizontal and len(categories) < 6:  # a day or two: bars of a normal width, not the whole chart
            axes.set_xlim(-0.75, 5.75)
        if len(series) > 1:  # beside the plot, never over a bar
            axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        axes.grid(axis="x" if horizontal else "y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
    return _svg(figure, name, label)
