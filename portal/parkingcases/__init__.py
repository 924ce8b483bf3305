"""车位办理: the staff side of a parking space rental, from an owner's application to an
active rental with its agreement issued (POLICIES §14 PK-1..4, §17 CS-1..4).

``models``        the case record
``services``      the lifecycle: states, transitions, permissions, audit
``notifications`` what the applicant hears
``views``         the admin's list, case page and transition forms
"""
