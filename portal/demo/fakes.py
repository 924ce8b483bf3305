"""Realistic stand-ins for people's particulars: Chinese names, mainland mobile
numbers, licence plates and vehicle licence numbers.

Every function draws from the ``random.Random`` it is given, so a fixed seed gives
the same people every time. Unique values are drawn against a ``taken`` set that the
caller keeps.
"""

import random
from datetime import date, timedelta

from .identity import REGION_CODES, make_id_number

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史黎贺顾毛郝龚邵"
)
_MALE_GIVEN = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "建国", "建华", "志强", "志明",
    "国强", "国华", "海涛", "俊杰", "文博", "浩然", "宇轩", "子豪", "晓东", "振华", "家豪",
    "嘉俊", "永强", "德华", "立新", "卫东", "海波", "鹏飞", "思远", "梓豪", "一鸣", "博文",
)
_FEMALE_GIVEN = (
    "芳", "娜", "敏", "静", "丽", "艳", "婷", "燕", "玲", "霞", "秀英", "桂英", "丽华", "美玲",
    "晓燕", "雅琴", "慧敏", "佳怡", "欣怡", "诗涵", "梓涵", "雨婷", "静怡", "晓丽", "春梅",
    "淑芬", "海燕", "丽娟", "思琪", "婉婷", "可馨", "语嫣", "若曦", "紫萱", "梦瑶", "嘉欣",
)

# Prefixes of the three mainland carriers.
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "158", "159", "166", "173", "177", "180", "181", "182", "183",
    "185", "186", "187", "188", "189", "198", "199",
)

# Letters on plates: A–Z without I and O.
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
# Where the estate's cars are registered (mostly Shenzhen, 粤B): plate prefix, share,
# and the city's administrative code that starts its vehicle licence file numbers.
PLATE_REGIONS = (
    ("粤B", 80, "4403"),
    ("粤A", 5, "4401"),
    ("粤S", 4, "4419"),
    ("粤L", 3, "4413"),
    ("湘A", 3, "4301"),
    ("鄂A", 2, "4201"),
    ("赣A", 2, "3601"),
    ("桂A", 1, "4501"),
)
PETROL_MODELS = (
    "丰田凯美瑞", "本田雅阁", "大众帕萨特", "大众朗逸", "日产轩逸", "别克君越", "宝马5系",
    "奔驰E级", "奥迪A6L", "吉利星越L", "长安CS75", "哈弗H6", "马自达CX-5",
)
ELECTRIC_MODELS = ("比亚迪汉EV", "特斯拉Model 3", "特斯拉Model Y", "小鹏P7", "蔚来ES6", "广汽埃安Y")
HYBRID_MODELS = ("比亚迪秦PLUS DM-i", "比亚迪宋PLUS DM-i", "理想L7", "问界M7")


def person_name(rng: random.Random, *, male: bool, surname: str | None = None) -> str:
    """A full Chinese name, surname first."""
    given = rng.choice(_MALE_GIVEN if male else _FEMALE_GIVEN)
    return (surname or rng.choice(SURNAMES)) + given


def surname_of(name: str) -> str:
    return name[0]


def birthday(rng: random.Random, first_year: int, last_year: int) -> date:
    """A day between 1 January ``first_year`` and 31 December ``last_year``."""
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randrange((date(last_year, 12, 31) - start).days + 1))


def id_number(rng: random.Random, born: date, *, male: bool, taken: set[str]) -> str:
    """A valid resident ID number for a person born on ``born``, not in ``taken``."""
    # Most residents were born in Guangdong; the rest anywhere on the list.
    regions = REGION_CODES[:10] if rng.random() < 0.6 else REGION_CODES
    while True:
        sequence = rng.randrange(1 if male else 2, 1000, 2)
        number = make_id_number(rng.choice(regions), born, sequence)
        if number not in taken:
            taken.add(number)
            return number


def mobile(rng: random.Random, *, taken: set[str]) -> str:
    """A mainland mobile number (11 digits) not in ``taken``."""
    while True:
        number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if number not in taken:
            taken.add(number)
            return number


def _serial(rng: random.Random, pattern: str) -> str:
    return "".join(rng.choice(PLATE_LETTERS) if c == "L" else str(rng.randrange(10)) for c in pattern)


def vehicle(rng: random.Random, *, taken: set[str]) -> tuple[str, str]:
    """A plate not in ``taken`` and a matching car model: most petrol cars carry an
    ordinary plate (粤B3K8M2), electric and plug-in hybrid cars a small new-energy
    plate (粤BD12345 electric, 粤BF12345 or 粤BFA1234 hybrid)."""
    while True:
        region = rng.choices([r[0] for r in PLATE_REGIONS], [r[1] for r in PLATE_REGIONS])[0]
        power = rng.choices(("petrol", "electric", "hybrid"), (70, 18, 12))[0]
        if power == "petrol":
            plate = region + _serial(rng, rng.choice(("DDDDD", "LDDDD", "DLDDD", "DDDLL", "LLDDD", "DDLDD")))
            model = rng.choice(PETROL_MODELS)
        else:
            letter = "D" if power == "electric" else "F"
            plate = region + letter + _serial(rng, rng.choice(("DDDDD", "LDDDD")))
            model = rng.choice(ELECTRIC_MODELS if power == "electric" else HYBRID_MODELS)
        if plate not in taken:
            taken.add(plate)
            return plate, model


def licence_number(rng: random.Random, plate: str) -> str:
    """The file number (档案编号) of a vehicle licence: 12 digits starting with the
    code of the city that registered the plate (Shenzhen's 4403)."""
    prefix = next((code for region, _, code in PLATE_REGIONS if plate.startswith(region)), "4403")
    return prefix + f"{rng.randrange(10**8):08d}"
