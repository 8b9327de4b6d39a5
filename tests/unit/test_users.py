"""Who sees which clues, and who may do what."""

from __future__ import annotations

from datetime import UTC, datetime

from netpatrol import data
from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.users import Permission, Role, User, valid_username, visibility
from netpatrol.services.accounts.units import units_from_data

UNITS = units_from_data(data.load_json("units.json"))
for i, unit in enumerate(UNITS, start=1):
    unit.id = i
BY_CODE = {u.code: u for u in UNITS}


def user(role: Role, unit: str) -> User:
    home = BY_CODE[unit]
    assert home.id is not None
    return User("u", "u", role, home.id, "hash", datetime.now(UTC))


def unit_id(code: str) -> int:
    found = BY_CODE[code].id
    assert found is not None
    return found


def test_a_city_officer_sees_their_unit_and_shared_clues_only() -> None:
    seen = visibility(user(Role.OFFICER, "440100"), UNITS)  # 广州
    assert seen.allows(unit_id("440100"), SharingLevel.UNIT)
    assert not seen.allows(unit_id("440300"), SharingLevel.UNIT)  # 深圳, not shared
    assert seen.allows(unit_id("440300"), SharingLevel.PROVINCE)  # same province
    assert not seen.allows(unit_id("320100"), SharingLevel.PROVINCE)  # 南京
    assert seen.allows(unit_id("320100"), SharingLevel.NATIONAL)


def test_a_province_sees_the_units_below_it_and_the_national_desk_sees_all() -> None:
    province = visibility(user(Role.SUPERVISOR, "440000"), UNITS)
    assert province.allows(unit_id("440300"), SharingLevel.UNIT)
    assert not province.allows(unit_id("320100"), SharingLevel.UNIT)
    desk = visibility(user(Role.NATIONAL_DESK, "000000"), UNITS)
    assert desk.own is None and desk.allows(unit_id("320100"), SharingLevel.UNIT)


def test_roles_grant_what_their_names_say() -> None:
    assert not user(Role.OFFICER, "440100").may(Permission.APPROVE)
    assert user(Role.SUPERVISOR, "440100").may(Permission.APPROVE)
    auditor = user(Role.AUDITOR, "000000")
    assert auditor.may(Permission.AUDIT) and not auditor.may(Permission.WORK)
    closed = user(Role.UNIT_ADMIN, "440100")
    closed.active = False
    assert not closed.may(Permission.READ)


def test_usernames() -> None:
    assert valid_username("gz.officer-1")
    assert not valid_username("Gz")
    assert not valid_username("-x")
    assert not valid_username("a")
    assert not valid_username("王警官")
