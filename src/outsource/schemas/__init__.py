"""Typed inputs and results shared by every face: ``--json``, the web API, reports.

One module per area (``staffing``, ``plan``, ``vendors``, ``contracts``,
``monitoring``, ...). Models derive from :class:`outsource.schemas.base.Schema`
and document every field with its unit; interval-level results are columnar
(arrays, never one object per interval). Serialise with
:func:`outsource.schemas.base.dumps`.
"""
