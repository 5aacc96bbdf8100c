"""livrables: turns a mission's YAML and Markdown content into branded Word and HTML deliverables."""

__version__ = "0.1.0"
