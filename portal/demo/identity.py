"""Resident ID numbers (居民身份证号码) built to GB 11643-1999.

An 18-character number is a 6-digit region code, the birth date as YYYYMMDD, a 3-digit
sequence (odd for men, even for women) and a check character computed from the first
17 digits (ISO 7064 MOD 11-2: ``0``–``9`` or ``X``). The demo estate and the test
factories build every ID number here.
"""

from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"

# County-level region codes (GB/T 2260) of real districts, Shenzhen's first.
REGION_CODES = (
    "440305",  # 深圳市南山区
    "440304",  # 深圳市福田区
    "440303",  # 深圳市罗湖区
    "440306",  # 深圳市宝安区
    "440307",  # 深圳市龙岗区
    "440106",  # 广州市天河区
    "440604",  # 佛山市禅城区
    "441302",  # 惠州市惠城区
    "445202",  # 揭阳市榕城区
    "440514",  # 汕头市潮南区
    "430104",  # 长沙市岳麓区
    "420106",  # 武汉市武昌区
    "360102",  # 南昌市东湖区
    "450103",  # 南宁市青秀区
    "350203",  # 厦门市思明区
    "510107",  # 成都市武侯区
    "110105",  # 北京市朝阳区
    "310115",  # 上海市浦东新区
    "320106",  # 南京市鼓楼区
    "330106",  # 杭州市西湖区
)


def check_character(first17: str) -> str:
    """The check character of the 17 digits ``first17``."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"Expected 17 digits, got {first17!r}")
    total = sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, first17))
    return _CHECK_CHARACTERS[total % 11]


def make_id_number(region: str, birthday: date, sequence: int) -> str:
    """The ID number of the person born on ``birthday`` in ``region`` with ``sequence``
    (1–999; odd for a man, even for a woman)."""
    if not (len(region) == 6 and region.isdigit()):
        raise ValueError(f"A region code has 6 digits, got {region!r}")
    if not 1 <= sequence <= 999:
        raise ValueError(f"The sequence is 1–999, got {sequence}")
    first17 = f"{region}{birthday:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def birthday_of(id_number: str) -> date:
    """The birth date written in an 18-character ID number."""
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def is_male(id_number: str) -> bool:
    """Whether an 18-character ID number is a man's (odd sequence)."""
    return int(id_number[16]) % 2 == 1
