"""Settings, split by environment: ``base`` holds what every environment shares;
``dev``, ``test`` and ``production`` adjust it. Values that differ between deployments
are read from the environment (see ``portal.settings.env``)."""
