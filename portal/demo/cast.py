"""Where the demo logins live in the register, and what their records show.

- owner1 lives with the family in 1栋 1801, rents a parking space and pays on time;
- owner2 owns business apartment 1栋 202 and lets it;
- tenant1 rents 1栋 202 from owner2 and has a car but no parking space yet.
"""

TOWER = "1栋 住宅/商务公寓楼"
OFFICE_TOWER = "2栋 写字楼"

OWNER1_UNIT = (TOWER, "1801")
OWNER2_UNIT = (TOWER, "202")
TENANT1_UNIT = OWNER2_UNIT

LOGIN_UNITS = frozenset({OWNER1_UNIT, OWNER2_UNIT, TENANT1_UNIT})
