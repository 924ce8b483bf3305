"""One module per procedure's report; each registers its :class:`~portal.reports.base.Report`."""
