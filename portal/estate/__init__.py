"""The estate register: estates, buildings, units and their occupancy status, people,
households, vehicles, parking and the fee ledger."""
