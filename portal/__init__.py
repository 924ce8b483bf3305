"""The Django project: settings, URL map, the estate register and the staff back office."""
