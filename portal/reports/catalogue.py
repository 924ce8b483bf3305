"""The reports of the 报表 menu, in menu order (each module registers its report)."""
