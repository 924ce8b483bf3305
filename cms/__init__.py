"""Wagtail: the pages owners read (home, guides, notices, service pages hosting the wizards)."""
