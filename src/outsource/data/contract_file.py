"""Read a contract file (YAML, issue 13's format) from a path or from bytes.

Errors name the file and the key (``contract.yaml metrics[1].target: abandon_rate
is a share: ...``), never a traceback; YAML syntax errors name the line.
Checks that need the application database (is the vendor in the registry?)
are the caller's: pass ``known_vendors`` or call :func:`check_vendor`.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from outsource.data.sources import read_bytes
from outsource.data.yaml_safe import decode_text, load_yaml
from outsource.errors import InvalidInput, NotFound, from_validation_error
from outsource.schemas.contracts import Contract, ContractCheck, contract_warnings


def read_contract_text(src: str | Path | bytes, *, source: str | None = None
                       ) -> tuple[str, str]:
    """The file's text (UTF-8, a byte-order mark dropped) and the name errors report."""
    return _read(src, source)


def _read(src: str | Path | bytes, source: str | None) -> tuple[str, str]:
    if isinstance(src, bytes | bytearray):
        name = source or "contract"
        raw = bytes(src)
    else:
        path = Path(src)
        name = source or str(path)
        if not path.exists():
            raise NotFound("contract file not found", source=name)
        raw = read_bytes(path, "contract file")
    return decode_text(raw, name), name


def parse_contract(data: Any, *, source: str | None = None) -> Contract:
    """Validate already-parsed YAML/JSON data as a :class:`Contract` (errors name the key)."""
    if not isinstance(data, dict):
        raise InvalidInput("a contract file must be a mapping of keys (vendor, start, "
                           "metrics, ...)", source=source)
    try:
        return Contract.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc, source=source) from None


def check_vendor(contract: Contract, known_vendors: Collection[str], *,
                 source: str | None = None) -> None:
    """Refuse a contract whose vendor is not among ``known_vendors`` (the registry)."""
    if contract.vendor not in known_vendors:
        known = ", ".join(sorted(known_vendors)) or "none registered"
        raise InvalidInput(f"unknown vendor '{contract.vendor}' (known: {known})",
                           field="vendor", source=source)


def load_contract(src: str | Path | bytes, *, source: str | None = None,
                  known_vendors: Collection[str] | None = None) -> ContractCheck:
    """Read, validate and check a contract file.

    Parameters
    ----------
    src : path or bytes
        The YAML file, or its content (an upload).
    source : str, optional
        Name to report in errors (default: the path, or ``contract`` for bytes).
    known_vendors : collection of str, optional
        The registry's vendor names; when given, an unknown vendor is an error.

    Returns
    -------
    ContractCheck
        The contract, its warnings, its end date and total allocation.
    """
    text, name = _read(src, source)
    data = load_yaml(text, name)
    contract = parse_contract(data, source=name)
    if known_vendors is not None:
        check_vendor(contract, known_vendors, source=name)
    return ContractCheck(source=name, contract=contract, end=contract.end,
                         allocation_total_pct=sum(m.allocation_pct for m in contract.metrics),
                         warnings=contract_warnings(contract))
