"""The organisation: the staff groups of the customer-service department and what each may do."""
