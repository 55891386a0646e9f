"""Board-ready output of a page (docs/exports.md): the print stylesheet, what a page showed
(`record`), and its "Download PDF" / "Download PNG" buttons (`buttons`). The files themselves
are drawn by `queries.reports` (no Streamlit there), which the digests use too."""
