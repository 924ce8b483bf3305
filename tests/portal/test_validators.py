"""What the register accepts as a resident ID number, a mobile number and a plate.

Real formats, real check digits: every valid example here is a number that could be
printed on a card, and every invalid one is a mistake a clerk could make.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from portal.demo.identity import birthday_of, check_character, is_male, make_id_number
from portal.estate.validators import (
    normalise_id_number,
    normalise_mobile,
    normalise_plate,
    validate_id_number,
    validate_mobile,
    validate_plate,
)


def is_valid(validator, value) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


# Resident ID numbers (GB 11643-1999).

VALID_ID_NUMBERS = [
    pytest.param("11010519491231002X", id="standard's example, check character X"),
    pytest.param("440524188001010014", id="standard's example, check digit 4"),
    pytest.param("44030519850615002X", id="Shenzhen Nanshan, check character X"),
    pytest.param("440305199002281231", id="Shenzhen Nanshan, 28 February"),
    pytest.param("420106200002290020", id="Wuhan, 29 February of a leap year"),
    pytest.param("110105491231002", id="first-generation card, 15 digits"),
]
INVALID_ID_NUMBERS = [
    pytest.param("110105194912310021", id="wrong check digit"),
    pytest.param("11010519491231002Y", id="check character not a digit or X"),
    pytest.param("440305199002301239", id="30 February"),
    pytest.param("440305199013011237", id="month 13"),
    pytest.param("420106190002290024", id="29 February of 1900, not a leap year"),
    pytest.param("990305199001011237", id="unknown region 99"),
    pytest.param("00000019900101123X", id="region 00"),
    pytest.param("44030519900101123", id="17 characters"),
    pytest.param("4403051990O1011234", id="letter O for zero"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("value", VALID_ID_NUMBERS)
def test_valid_resident_id_numbers_are_accepted(value):
    assert is_valid(validate_id_number, value)


@pytest.mark.parametrize("value", INVALID_ID_NUMBERS)
def test_invalid_resident_id_numbers_are_refused(value):
    assert not is_valid(validate_id_number, value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("4403051990010112345", id="19 characters"),
        pytest.param("44030519900", id="11 characters"),
    ],
)
def test_an_id_number_too_short_or_too_long_is_refused(value):
    assert not is_valid(validate_id_number, value)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [(" 11010519491231002x ", "11010519491231002X"), ("4403 0519 8506 15002x", "44030519850615002X")],
)
def test_a_typed_id_number_is_normalised_to_upper_case_without_spaces(typed, canonical):
    assert normalise_id_number(typed) == canonical
    assert is_valid(validate_id_number, canonical)


def test_the_messages_say_in_chinese_what_is_wrong_with_an_id_number():
    messages = {}
    for label, value in [
        ("checksum", "110105194912310021"),
        ("birthday", "440305199002301239"),
        ("location", "990305199001011237"),
        ("length", "44030519900101123"),
    ]:
        with pytest.raises(ValidationError) as error:
            validate_id_number(value)
        messages[label] = error.value.messages[0]

    # The register is used in Chinese, its default language.
    assert "校验位" in messages["checksum"]
    assert "出生日期" in messages["birthday"]
    assert "地区代码" in messages["location"]
    assert "18 位" in messages["length"]


@pytest.mark.parametrize(
    ("region", "born", "sequence", "expected"),
    [
        ("110105", date(1949, 12, 31), 2, "11010519491231002X"),
        ("440524", date(1880, 1, 1), 1, "440524188001010014"),
    ],
)
def test_the_check_character_is_computed_as_the_standard_prescribes(region, born, sequence, expected):
    assert make_id_number(region, born, sequence) == expected
    assert check_character(expected[:17]) == expected[17]


def test_a_built_id_number_carries_the_birthday_and_the_sex():
    woman = make_id_number("440305", date(1988, 8, 8), 124)
    man = make_id_number("440305", date(1988, 8, 8), 123)

    assert birthday_of(woman) == date(1988, 8, 8)
    assert (is_male(woman), is_male(man)) == (False, True)
    assert is_valid(validate_id_number, woman) and is_valid(validate_id_number, man)


# Mainland mobile numbers.


@pytest.mark.parametrize("value", ["13800138000", "19912345678", "15012345678", "18612345678", "16612345678"])
def test_mainland_mobiles_are_accepted(value):
    assert is_valid(validate_mobile, value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("12345678901", id="no mobile starts with 12"),
        pytest.param("10086000000", id="no mobile starts with 10"),
        pytest.param("1380013800", id="10 digits"),
        pytest.param("138001380000", id="12 digits"),
        pytest.param("075588886666", id="a landline"),
        pytest.param("+8613800138000", id="country code not yet removed"),
        pytest.param("138-0013-8000", id="dashes not yet removed"),
    ],
)
def test_other_numbers_are_refused_as_mobiles(value):
    assert not is_valid(validate_mobile, value)


@pytest.mark.parametrize(
    "typed", ["+8613800138000", "0086 138 0013 8000", "138-0013-8000", "(+86) 138 0013 8000"]
)
def test_a_typed_mobile_is_valid_once_normalised(typed):
    assert normalise_mobile(typed) == "13800138000"
    assert is_valid(validate_mobile, normalise_mobile(typed))


# Licence plates.


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("粤B12345", id="ordinary, digits"),
        pytest.param("粤BA1234", id="ordinary, a letter"),
        pytest.param("粤BF1234", id="ordinary, F is only a letter here"),
        pytest.param("京A1234学", id="driving-school car"),
        pytest.param("粤Z1234港", id="Hong Kong cross-boundary car"),
        pytest.param("粤BD12345", id="small new-energy, battery electric"),
        pytest.param("粤BF12345", id="small new-energy, hybrid"),
        pytest.param("粤BDA1234", id="small new-energy, letter and four digits"),
        pytest.param("粤B12345D", id="large new-energy, battery electric"),
        pytest.param("粤B12345F", id="large new-energy, hybrid"),
    ],
)
def test_mainland_plates_are_accepted(value):
    assert is_valid(validate_plate, value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("粤BI2345", id="letter I"),
        pytest.param("粤BO2345", id="letter O"),
        pytest.param("粤BDI1234", id="letter I on a new-energy plate"),
        pytest.param("粤12345", id="no issuing-office letter"),
        pytest.param("XXB12345", id="no province"),
        pytest.param("港B12345", id="not a mainland province"),
        pytest.param("粤B1234", id="too short"),
        pytest.param("粤B1234567", id="too long"),
        pytest.param("粤BD1234A", id="new-energy plate ending in a letter"),
        pytest.param("粤b12345", id="lower case not yet normalised"),
    ],
)
def test_other_plates_are_refused(value):
    assert not is_valid(validate_plate, value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("粤BA12345", id="battery electric, letter A"),
        pytest.param("粤BG12345", id="hybrid, letter G"),
    ],
)
def test_small_new_energy_plates_with_the_newer_letters_are_accepted(value):
    assert is_valid(validate_plate, value)


@pytest.mark.parametrize(("typed", "canonical"), [("粤B·12345", "粤B12345"), ("粤b d12345", "粤BD12345")])
def test_a_typed_plate_is_valid_once_normalised(typed, canonical):
    assert normalise_plate(typed) == canonical
    assert is_valid(validate_plate, canonical)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("11010519491231002x", id="lower-case check letter not yet normalised"),
        pytest.param("110105209912310010", id="born in the future"),
    ],
)
def test_id_numbers_that_only_look_right_are_refused(value):
    assert not is_valid(validate_id_number, value)
