"""The DOCX writer: the document tree written into the firm's Word template."""
