"""Owner-facing wizards and forms (django-formtools), one module per procedure."""
