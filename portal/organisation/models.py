"""The organisation app keeps no tables of its own: its staff groups are ``auth.Group`` rows.

The module exists because Django sends ``post_migrate`` only to apps with a models module,
and :func:`portal.organisation.groups.sync_group_permissions` listens for it.
"""
