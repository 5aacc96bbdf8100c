"""One Markdown parser, and the DOCX and HTML renderers that share its tokens."""
