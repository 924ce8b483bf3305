"""Literals shared by several policy files."""

PROPERTY_TYPES = ("residential", "business_apartment", "office")
"""住宅, 商务公寓, 写字楼."""

CATCH_ALL_PRIORITY = 1000
"""Priority of every catch-all rule: lower than any policy rule (durable fires low pri first)."""
