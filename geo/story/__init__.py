"""The story on a date and its wording: each district's status, the sentences about it, dates."""
