"""The contracts repository on SQLite and PostgreSQL: numbered versions, the one in force,
history never changed in place, no commits."""

from __future__ import annotations

from datetime import date

import pytest

from outsource.data.db.models.contracts import ContractVersion
from outsource.data.db.models.vendors import Vendor
from outsource.data.db.repositories import ContractRepository, VendorRepository
from outsource.errors import Conflict


def _add(s, vendor: Vendor, effective: date, text: str = "a: 1") -> ContractVersion:
    return ContractRepository(s).add_version(
        vendor, yaml_text=text, terms={"text": text}, terms_sha256=text.ljust(64, "0")[:64],
        source="c.yaml", effective_from=effective, starts_on=date(2026, 5, 1),
        ends_on=date(2028, 4, 30))


@pytest.fixture
def vendor(database):
    with database.transaction() as s:
        VendorRepository(s).add(Vendor(name="acme-manila", regions=["asia_philippines"]))
        VendorRepository(s).add(Vendor(name="prairie-ohio", regions=["us_canada"]))
    return "acme-manila"


def test_versions_are_numbered_and_the_newest_effective_one_is_in_force(database, vendor):
    with database.transaction() as s:
        v = VendorRepository(s).require(vendor)
        assert ContractRepository(s).latest(v) is None and ContractRepository(s).versions(v) == []
        assert _add(s, v, date(2026, 5, 1), "v1").version == 1
        assert _add(s, v, date(2026, 9, 15), "v2").version == 2
        assert _add(s, v, date(2026, 7, 1), "v3").version == 3  # a correction from July
    with database.transaction() as s:
        repo, v = ContractRepository(s), VendorRepository(s).require(vendor)
        assert [r.version for r in repo.versions(v)] == [1, 2, 3]
        assert repo.latest(v).yaml_text == "v3" and repo.version(v, 2).yaml_text == "v2"
        assert repo.version(v, 4) is None
        assert repo.in_force(v, date(2026, 4, 30)) is None
        assert repo.in_force(v, date(2026, 6, 30)).version == 1
        assert repo.in_force(v, date(2026, 7, 31)).version == 3  # newest effective by then
        assert repo.in_force(v, date(2026, 9, 30)).version == 3
        assert repo.vendors_with_contracts() == ["acme-manila"]
        assert repo.count_versions() == 3
        assert repo.latest(v).stored_at is not None


def test_a_version_is_never_updated_in_place(database, vendor):
    with database.transaction() as s:
        _add(s, VendorRepository(s).require(vendor), date(2026, 5, 1), "v1")
    with pytest.raises(ValueError, match="history"), database.transaction() as s:
        row = ContractRepository(s).latest(VendorRepository(s).require(vendor))
        row.yaml_text = "changed"
        s.flush()
    with database.transaction() as s:
        assert ContractRepository(s).latest(VendorRepository(s).require(vendor)).yaml_text == "v1"


def test_the_repository_never_commits(database, vendor, db_snapshot):
    before = db_snapshot(database)
    with pytest.raises(RuntimeError), database.transaction() as s:
        _add(s, VendorRepository(s).require(vendor), date(2026, 5, 1))
        raise RuntimeError("the service fails after the repository flushed")
    assert db_snapshot(database) == before


def test_the_same_version_number_twice_is_a_conflict(database, vendor):
    with database.transaction() as s:
        row = _add(s, VendorRepository(s).require(vendor), date(2026, 5, 1))
        contract_id = row.contract_id
    with pytest.raises(Conflict), database.transaction() as s:
        s.add(ContractVersion(contract_id=contract_id, version=1, effective_from=date(2026, 5, 1),
                              starts_on=date(2026, 5, 1), ends_on=date(2028, 4, 30),
                              yaml_text="x", terms={}, terms_sha256="0" * 64, source="x"))
        ContractRepository(s).flush("contract version", "version")
