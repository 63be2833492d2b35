"""Form helpers shared by the pages: read fields, read uploads, put errors beside fields.

A page's form posts plain fields; :func:`fields` keeps the non-blank ones
(a blank box means "not given", so a schema's default applies), and
:func:`validate` turns them into the service's input schema, its errors
located at the form's field names. :func:`errors_by_field` files a service
error under the field its ``loc`` names (``err.loc[0]``), or under ``""``
(the form as a whole) when it names no field of the form.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from outsource.errors import InvalidInput, OutsourceError, from_validation_error
from outsource.services.plan_runs import Upload

M = TypeVar("M", bound=BaseModel)
#: Largest upload read into memory by a page form [bytes] (the imports page streams).
MAX_FORM_UPLOAD = 200 << 20


def fields(form: FormData, names: list[str] | tuple[str, ...], *,
           lists: tuple[str, ...] = (), flags: tuple[str, ...] = ()) -> dict[str, Any]:
    """The form's non-blank text fields among ``names``; ``lists`` as lists of the
    non-blank values; ``flags`` (checkboxes) as booleans."""
    out: dict[str, Any] = {}
    for name in names:
        if name in lists:
            values = [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]
            if values:
                out[name] = values
        elif name in flags:
            out[name] = name in form and form.get(name) not in ("", "0", "false", "no")
        else:
            value = form.get(name)
            if isinstance(value, str) and value.strip():
                out[name] = value.strip()
    return out


def validate(model: type[M], data: dict[str, Any], *, source: str | None = None) -> M:
    """``model`` from form data; a validation error names the form field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc, source=source) from None


async def uploads(form: FormData, name: str) -> list[Upload]:
    """The files posted under ``name`` (empty file inputs left out), read whole."""
    out = []
    for item in form.getlist(name):
        if isinstance(item, UploadFile) and item.filename:
            data = await item.read(MAX_FORM_UPLOAD + 1)
            if len(data) > MAX_FORM_UPLOAD:
                raise InvalidInput(f"larger than the {MAX_FORM_UPLOAD >> 20} MB limit of a "
                                   "form upload", field=name, source=item.filename)
            out.append(Upload(item.filename, data))
    return out


def errors_by_field(exc: OutsourceError, known: list[str] | tuple[str, ...] | set[str],
                    default: str = "") -> dict[str, str]:
    """``{field: message}`` for the form: the field ``exc.loc[0]`` names when the form has
    it (the message then says the rest of the location), else ``default``."""
    first = exc.loc[0] if exc.loc else None
    if isinstance(first, str) and first in known:
        rest = exc.loc[1:]
        where = [exc.source] if exc.source else []
        if exc.line is not None:
            where.append(f"line {exc.line}")
        if exc.column is not None:
            where.append(f"column '{exc.column}'")
        if rest:
            where.append(".".join(str(p) for p in rest))
        text = f"{', '.join(where)}: {exc.message}" if where else exc.message
        return {first: text}
    return {default: str(exc)}
