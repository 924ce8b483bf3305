"""Audit events: every state change of a case or a record — who, when, from, to, why."""
