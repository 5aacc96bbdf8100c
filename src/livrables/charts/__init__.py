"""Charts: what the writers hand to a chart library (Vega-Lite specifications, drawn to SVG or
PNG by vl-convert, cached), and the brand's chart theme. No geometry is computed here."""
