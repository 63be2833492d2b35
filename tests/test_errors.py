"""The error hierarchy: locations, prefixes, the one error shape, pydantic translation."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from outsource.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    OutsourceError,
    from_validation_error,
    render_loc,
)


def test_render_loc():
    assert render_loc(("hybrids", 0, "inhouse_hours", 0)) == "hybrids[0].inhouse_hours[0]"
    assert render_loc(()) == ""


def test_str_names_file_line_column_and_key():
    e = InvalidInput("not a number", source="calls.csv", line=7, column="wait_s")
    assert str(e) == "calls.csv line 7, column 'wait_s': not a number"
    assert str(InvalidInput("must be >= 1", field="agents")) == "agents: must be >= 1"
    assert str(InvalidInput("plain")) == "plain"


def test_prefixed_keeps_class_and_adds_path():
    e = InvalidInput("bad window", loc=("inhouse_hours", 0)).prefixed("hybrids", 0,
                                                                     source="s.yaml")
    assert isinstance(e, InvalidInput)
    assert e.loc == ("hybrids", 0, "inhouse_hours", 0)
    assert str(e) == "s.yaml hybrids[0].inhouse_hours[0]: bad window"


def test_to_dict_is_the_one_shape():
    d = NotFound("no vendor 'x'", loc=("vendor",)).to_dict()
    assert d["error"] == "not_found" and d["location"] == ["vendor"]
    assert set(d) == {"error", "message", "location", "source", "line", "column", "detail"}


def test_exit_and_http_codes():
    assert (InvalidInput.exit_code, InvalidInput.http_status) == (2, 422)
    assert (NotFound.exit_code, NotFound.http_status) == (3, 404)
    assert (Conflict.exit_code, Conflict.http_status) == (5, 409)
    assert issubclass(Conflict, OutsourceError)


class _Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rate: float

    @field_validator("rate")
    @classmethod
    def _pos(cls, v: float) -> float:
        if v < 0:
            raise ValueError("must be >= 0")
        return v


class _Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quotes: list[_Inner]


@pytest.mark.parametrize(("data", "loc", "msg"), [
    ({"quotes": [{"rate": 1}, {"rate": -1}]}, ("quotes", 1, "rate"), "must be >= 0"),
    ({"quotes": [{"rate": 1, "x": 2}]}, ("quotes", 0, "x"), "unknown key"),
    ({"quotes": [{}]}, ("quotes", 0, "rate"), "is required"),
])
def test_from_validation_error(data, loc, msg):
    with pytest.raises(ValidationError) as info:
        _Outer.model_validate(data)
    e = from_validation_error(info.value, source="v.yaml", prefix=("vendor",))
    assert e.loc == ("vendor", *loc)
    assert e.message == msg
    assert e.source == "v.yaml"
