"""Casework: what owners submit (one Submission per application) and what staff do with it."""
