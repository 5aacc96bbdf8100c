"""livrables: a mission's YAML and Markdown content -> branded Word and HTML deliverables."""

__version__ = "0.1.0"
