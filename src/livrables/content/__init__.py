"""Loading a mission's content files with positions, validating them, checking references."""
