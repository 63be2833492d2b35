"""Contracts in the application database: add a version, list, show, and the one in force.

A contract belongs to a vendor of the registry. A change is a new version,
numbered and dated, that keeps the YAML text as given and its parsed terms;
no version is ever changed. Adding terms equal to the current version's is a
no-op, reported as such. A bad file, or a vendor not in the registry, stores
nothing (every check runs before the first write, in the one transaction).

Which version governs a calendar month: the newest (highest number) whose
``effective_from`` is on or before the month's last day
(:func:`contract_in_force`, the call monitoring makes).
"""

from __future__ import annotations

import hashlib
import json
from calendar import monthrange
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from outsource.core.termination import contract_month
from outsource.data.contract_file import check_vendor, load_contract, read_contract_text
from outsource.data.db.models.contracts import ContractVersion
from outsource.data.db.repositories import ContractRepository, VendorRepository
from outsource.errors import InvalidInput, NotFound
from outsource.schemas.contracts import (
    AddedContract,
    Contract,
    ContractInForce,
    ContractList,
    ContractVersionInfo,
    StoredContract,
    contract_warnings,
)
from outsource.schemas.users import Principal
from outsource.services import audit
from outsource.services.authz import authorize, visible
from outsource.services.authz import check_vendor as check_scope
from outsource.services.contracts import term_status
from outsource.services.workspace import Workspace

#: Most changed keys listed by ``contract add`` (the rest are counted).
MAX_CHANGES = 25


def terms_hash(terms: dict[str, Any]) -> str:
    """SHA-256 of the terms' canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(terms, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: Optional keys added to the contract file after its first release: left out of the stored
#: terms when absent, so a file stored before they existed hashes (and compares) the same.
ADDED_KEYS = ("timezone", "pricing")


def stored_terms(c: Contract) -> dict[str, Any]:
    """The parsed form stored with a version: every key with defaults filled in, except
    the later optional keys of :data:`ADDED_KEYS` when the file leaves them out."""
    terms = c.model_dump(mode="json")
    for key in ADDED_KEYS:
        if terms.get(key) is None:
            terms.pop(key, None)
    return terms


def changed_keys(old: Any, new: Any, path: str = "") -> list[str]:
    """Key paths whose values differ (``metrics[1].target``); a list of another length
    or a value of another type counts as one change at its key."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in sorted(set(old) | set(new), key=lambda k: (k not in old, str(k))):
            sub = f"{path}.{key}" if path else str(key)
            if key not in old or key not in new:
                out.append(sub)
            else:
                out += changed_keys(old[key], new[key], sub)
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [p for i, (a, b) in enumerate(zip(old, new, strict=True))
                for p in changed_keys(a, b, f"{path}[{i}]")]
    return [] if old == new else [path or "(the whole contract)"]


def _info(vendor: str, row: ContractVersion) -> ContractVersionInfo:
    return ContractVersionInfo(vendor=vendor, version=row.version,
                               effective_from=row.effective_from, stored_at=row.stored_at,
                               source=row.source, start=row.starts_on, end=row.ends_on,
                               terms_sha256=row.terms_sha256)


def _terms(row: ContractVersion) -> Contract:
    """The stored parsed form as a :class:`Contract`."""
    return Contract.model_validate(row.terms)


def add_contract(ws: Workspace, src: str | Path | bytes, *, source: str | None = None,
                 effective_from: date | None = None, today: date | None = None,
                 actor: Principal | None = None) -> AddedContract:
    """Validate a contract file and store it as the vendor's next version.

    Parameters
    ----------
    ws : the workspace.
    src : the YAML file (path) or its bytes (an upload).
    source : name to report and store (default: the path; ``contract`` for bytes).
    effective_from : first day the version governs. Default: the contract's
        ``start`` for a vendor's first version; for a later one the later of
        ``start`` and ``today`` (a change applies from when it is made, never
        rewriting months already assessed, unless a date is given).
    today : the day "today" means (default: the system date).

    Errors: a bad file (the key named), an unknown vendor (``vendor``), an
    ``effective_from`` before the contract's start; nothing is stored.
    Permission ``contracts.manage`` (``actor`` defaults to the CLI operator);
    a stored version is in the audit log (``contract.add``).
    """
    actor = _actor(actor)
    authorize(actor, "contracts.manage")
    text, name = read_contract_text(src, source=source)
    check = load_contract(text.encode("utf-8"), source=name)
    c = check.contract
    terms = stored_terms(c)
    digest = terms_hash(terms)
    if effective_from is not None and effective_from < c.start:
        raise InvalidInput(f"{effective_from} is before the contract's start {c.start}",
                           field="effective_from")
    with ws.transaction() as session:
        vendors = VendorRepository(session)
        check_vendor(c, vendors.names(), source=name)
        vendor = vendors.require(c.vendor)
        repo = ContractRepository(session)
        last = repo.latest(vendor)
        common = {"vendor": c.vendor, "end": c.end, "source": name,
                  "allocation_total_pct": check.allocation_total_pct,
                  "warnings": check.warnings}
        if last is not None and last.terms_sha256 == digest:
            return AddedContract(
                stored=False, version=last.version, previous_version=last.version - 1 or None,
                effective_from=last.effective_from, changed=[],
                message=(f"unchanged: the terms equal version {last.version} of the contract "
                         f"with {c.vendor}; nothing stored"), **common)
        if effective_from is None:
            effective_from = c.start if last is None else max(c.start, today or date.today())
        row = repo.add_version(vendor, yaml_text=text, terms=terms, terms_sha256=digest,
                               source=name, effective_from=effective_from, starts_on=c.start,
                               ends_on=c.end)
        changes = [] if last is None else changed_keys(last.terms, terms)
        audit.record(session, actor, "contract.add", "contract_version", row.id,
                     vendor=c.vendor, after={"version": row.version, "source": name,
                                             "effective_from": effective_from.isoformat(),
                                             "changed": changes[:MAX_CHANGES]})
        shown = changes[:MAX_CHANGES] + ([f"... {len(changes) - MAX_CHANGES} more"]
                                         if len(changes) > MAX_CHANGES else [])
        what = (f"stored version {row.version} of the contract with {c.vendor}, effective "
                f"from {effective_from}")
        if last is not None:
            what += f" (changed from version {last.version}: {len(changes)} key(s))"
        return AddedContract(stored=True, version=row.version,
                             previous_version=None if last is None else last.version,
                             effective_from=effective_from, changed=shown, message=what,
                             **common)


def _require_contract(session: Session, vendor: str):  # type: ignore[no-untyped-def]
    """The vendor (NotFound naming the known ones) and its versions (NotFound if none)."""
    v = VendorRepository(session).require(vendor)
    versions = ContractRepository(session).versions(v)
    if not versions:
        raise NotFound(f"no contract stored for vendor '{vendor}'", field="vendor")
    return v, versions


def show_contract(ws: Workspace, vendor: str, *, version: int | None = None,
                  as_of: date | None = None, actor: Principal | None = None
                  ) -> StoredContract:
    """A stored version (default: the newest) with its term status on ``as_of`` (today).

    Permission ``contracts.read``; a vendor user sees only its own vendor's contract.
    """
    actor = _actor(actor)
    authorize(actor, "contracts.read")
    check_scope(actor, vendor, f"the contract with '{vendor}'")
    day = as_of or date.today()
    with ws.transaction() as session:
        _v, versions = _require_contract(session, vendor)
        if version is None:
            row = versions[-1]
        else:
            row = next((r for r in versions if r.version == version), None)
            if row is None:
                raise NotFound(f"the contract with '{vendor}' has no version {version} "
                               f"(versions 1 to {versions[-1].version})", field="version")
        c = _terms(row)
        return StoredContract(
            vendor=vendor, version=row.version, current_version=versions[-1].version,
            effective_from=row.effective_from, stored_at=row.stored_at, source=row.source,
            contract=c, end=c.end, allocation_total_pct=sum(m.allocation_pct for m in c.metrics),
            as_of=day, term_status=term_status(c, day), warnings=contract_warnings(c),
            versions=[_info(vendor, r) for r in versions], yaml=row.yaml_text)


def _actor(actor: Principal | None) -> Principal:
    from outsource.services.users import cli_principal

    return actor or cli_principal()


def list_contracts(ws: Workspace, *, actor: Principal | None = None) -> ContractList:
    """The newest version of every vendor's contract, by vendor name (``contracts.read``;
    a vendor user: its own)."""
    actor = _actor(actor)
    authorize(actor, "contracts.read")
    with ws.transaction() as session:
        vendors, repo = VendorRepository(session), ContractRepository(session)
        rows, counts = [], {}
        for name in visible(actor, repo.vendors_with_contracts(), lambda n: n):
            versions = repo.versions(vendors.require(name))
            rows.append(_info(name, versions[-1]))
            counts[name] = len(versions)
        return ContractList(contracts=rows, versions=counts)


def _month(month: str | date) -> tuple[int, int]:
    if isinstance(month, date):
        return month.year, month.month
    text = str(month)
    try:
        year, mon = int(text[:4]), int(text[5:7])
        if len(text) != 7 or text[4] != "-" or not 1 <= mon <= 12:
            raise ValueError
    except ValueError:
        raise InvalidInput(f"'{text}' is not a month (YYYY-MM)", field="month") from None
    return year, mon


def contract_in_force(session: Session, vendor: str, month: str | date) -> ContractInForce:
    """The version of ``vendor``'s contract that governs calendar ``month``.

    For services that already hold a transaction (monitoring). The version is
    the newest whose ``effective_from`` is on or before the month's last day.

    Parameters
    ----------
    session : the caller's transaction.
    vendor : a vendor name of the registry.
    month : ``"YYYY-MM"`` or any date in the month.

    Raises
    ------
    NotFound : unknown vendor; no contract; no version effective by then; the
        month is before the contract's start, or after its end when it does not
        renew.
    """
    year, mon = _month(month)
    label = f"{year:04d}-{mon:02d}"
    last_day = date(year, mon, monthrange(year, mon)[1])
    v, versions = _require_contract(session, vendor)
    row = ContractRepository(session).in_force(v, last_day)
    if row is None:
        raise NotFound(f"no version of the contract with '{vendor}' is effective in {label} "
                       f"(the first takes effect {min(r.effective_from for r in versions)})",
                       field="month")
    c = _terms(row)
    k = contract_month(c.start, year, mon)
    if k < 1:
        raise NotFound(f"the contract with '{vendor}' starts {c.start}: none in {label}",
                       field="month")
    if c.renewal == "none" and date(year, mon, 1) > c.end:
        raise NotFound(f"the contract with '{vendor}' ended {c.end}: none in {label}",
                       field="month")
    return ContractInForce(vendor=vendor, month=label, contract_month=k, version=row.version,
                           effective_from=row.effective_from, contract=c)


def contract_for_month(ws: Workspace, vendor: str, month: str | date) -> ContractInForce:
    """:func:`contract_in_force` in a transaction of its own."""
    with ws.transaction() as session:
        return contract_in_force(session, vendor, month)


def contracts_in_force_on(session: Session, day: date) -> list[tuple[str, ContractVersion]]:
    """Per vendor with a contract (by name): the version in force on ``day``, else the
    newest (a contract whose first version takes effect later)."""
    vendors, repo = VendorRepository(session), ContractRepository(session)
    out = []
    for name in repo.vendors_with_contracts():
        v = vendors.require(name)
        row = repo.in_force(v, day) or repo.latest(v)
        out.append((name, row))
    return out


__all__ = ["add_contract", "changed_keys", "contract_for_month", "contract_in_force",
           "contracts_in_force_on", "list_contracts", "show_contract", "terms_hash"]
