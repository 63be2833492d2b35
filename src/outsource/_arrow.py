"""Arrow arrays to and from NumPy through their buffers, without importing pandas.

PyArrow's convenience converters (``pa.array``, ``pa.scalar``,
``Array.to_numpy``) first probe for pandas and import it when it is installed
(it is: ``statsforecast`` needs it), which costs about a third of a second of
start-up. The readers and writers of columnar results only need NumPy
buffers, so they go through :meth:`pyarrow.Array.from_buffers` and
:func:`numpy.frombuffer` instead: the same arrays, no pandas.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa


def _validity(ok: np.ndarray) -> pa.Buffer | None:
    return None if ok.all() else pa.py_buffer(np.packbits(ok, bitorder="little"))


def strings(values: list[Any], large: bool = True) -> pa.Array:
    """A (large) string array of Python strings (``None`` -> null)."""
    encoded = [b"" if v is None else str(v).encode("utf-8") for v in values]
    lengths = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=len(encoded))
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64 if large else np.int32)
    ok = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    return pa.Array.from_buffers(pa.large_string() if large else pa.string(), len(values),
                                 [_validity(ok), pa.py_buffer(offsets),
                                  pa.py_buffer(b"".join(encoded))])


def lit(text: str, large: bool = False) -> pa.Scalar:
    """A string scalar (``large`` for large_string kernels)."""
    return strings([text], large)[0]


def from_numpy(values: np.ndarray) -> pa.Array:
    """An Arrow array of a NumPy column: NaN and infinities become nulls; 2-D -> fixed lists."""
    v = np.asarray(values)
    n = v.shape[0]
    if v.ndim == 2:
        return pa.FixedSizeListArray.from_arrays(from_numpy(v.reshape(-1)), v.shape[1])
    kind = v.dtype.kind
    if kind == "f":
        data = np.ascontiguousarray(v, dtype=np.float64)
        return pa.Array.from_buffers(pa.float64(), n, [_validity(np.isfinite(data)),
                                                       pa.py_buffer(data)])
    if kind in "iu":
        return pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(
            np.ascontiguousarray(v, dtype=np.int64))])
    if kind == "b":
        return pa.Array.from_buffers(pa.bool_(), n, [None, pa.py_buffer(
            np.packbits(v, bitorder="little"))])
    return strings(v.tolist())


_DTYPES = {"double": np.dtype(np.float64), "float": np.dtype(np.float32),
           "int64": np.dtype(np.int64), "int32": np.dtype(np.int32),
           "uint32": np.dtype(np.uint32), "uint64": np.dtype(np.uint64)}


def to_numpy(arr: pa.Array, fill: float = np.nan) -> np.ndarray:
    """A primitive Arrow array (numbers, timestamps, booleans) as NumPy; nulls -> ``fill``."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    n, off = len(arr), arr.offset
    buffers = arr.buffers()
    if pa.types.is_boolean(arr.type):
        bits = np.unpackbits(np.frombuffer(buffers[1], dtype=np.uint8), bitorder="little")
        out = bits[off:off + n].astype(bool)
    else:
        dtype = _DTYPES.get(str(arr.type), np.dtype(np.int64) if pa.types.is_timestamp(arr.type)
                            else None)
        if dtype is None:
            raise TypeError(f"no NumPy buffer view for Arrow type {arr.type}")
        out = np.frombuffer(buffers[1], dtype=dtype, count=n, offset=off * dtype.itemsize).copy()
    if arr.null_count:
        valid = np.unpackbits(np.frombuffer(buffers[0], dtype=np.uint8),
                              bitorder="little")[off:off + n].astype(bool)
        out = out.astype(float)
        out[~valid] = fill
    return out
