"""The consultant's desk: the referential edited in a workbook or in the preview's forms, and
written back to YAML as the consultant wrote it (issue 34)."""
