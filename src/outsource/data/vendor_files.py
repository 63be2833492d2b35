"""Vendor files (``VENDOR.yaml``), weights files and decision-rights files: read and validate.

Each is YAML, read with the bounded safe loader (:mod:`outsource.data.yaml_safe`) and
validated by the schemas in :mod:`outsource.schemas.vendors`; errors name the file and the key path
(``acme.yaml certifications[1].expires_on: ...``). See docs/vendors.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from outsource.data.sources import read_bytes
from outsource.data.yaml_safe import load_yaml
from outsource.errors import InvalidInput, from_validation_error
from outsource.schemas.vendors import DecisionRightsIn, VendorIn


def read_yaml(path: str | Path, what: str) -> Any:
    """Parse a YAML file; a missing file is :class:`NotFound`, bad YAML :class:`InvalidInput`."""
    p = Path(path)
    return load_yaml(read_bytes(p, what), str(p))


def parse_vendor(data: Any, source: str | None = None, name: str | None = None) -> VendorIn:
    """Validate a parsed vendor document; ``name`` (from the command) fills or must match."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InvalidInput("a vendor file must be a YAML mapping", source=source)
    if name is not None:
        given = data.get("name")
        if given is not None and given != name:
            raise InvalidInput(f"the file names '{given}' but the command names '{name}'",
                               loc=("name",), source=source)
        data = {**data, "name": name}
    try:
        return VendorIn.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc, source=source) from None


def load_vendor_file(path: str | Path, name: str | None = None) -> VendorIn:
    """Read and validate a ``VENDOR.yaml`` file."""
    return parse_vendor(read_yaml(path, "vendor file"), str(path), name)


def load_vendor_bytes(data: bytes, source: str, name: str | None = None) -> VendorIn:
    """Read and validate an uploaded ``VENDOR.yaml`` (its bytes; ``source`` names it)."""
    doc = load_yaml(data, source)
    return parse_vendor(doc, source, name)


def load_weights_file(path: str | Path) -> dict[str, float]:
    """Read a weights file: a mapping ``criterion: weight`` (optionally under ``weights:``).

    Only the mapping's shape is checked here; ``core.scorecard.check_weights``
    judges the criteria and values (the caller adds the file name).
    """
    data = read_yaml(path, "weights file")
    if isinstance(data, dict) and set(data) == {"weights"}:
        data = data["weights"]
    if not isinstance(data, dict) or not data:
        raise InvalidInput("a weights file is a mapping of criterion: weight, e.g. "
                           "{cost: 0.3, data_protection: 0.2}", source=str(path))
    return {str(k): v for k, v in data.items()}


def load_decision_rights(path: str | Path) -> DecisionRightsIn:
    """Read a decision-rights file: ``rights: [{action, agent_decides, limit_usd, ...}]``."""
    data = read_yaml(path, "decision-rights file")
    if isinstance(data, list):
        data = {"rights": data}
    if not isinstance(data, dict):
        raise InvalidInput("a decision-rights file holds 'rights: [...]'", source=str(path))
    try:
        return DecisionRightsIn.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc, source=str(path)) from None
