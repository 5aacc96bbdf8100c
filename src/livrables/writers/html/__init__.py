"""The HTML writer: the document tree as one self-contained page."""
