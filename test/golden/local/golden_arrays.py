# The array encoding of the golden JSON files, shared by the generators beside it: a dict with the
# dtype, the shape and the data row-major, complex values interleaved (re, im).
import numpy as np


def arr(a, dtype):
    a = np.asarray(a)
    if dtype in ("c64", "c128"):
        data = np.stack([a.real, a.imag], axis=-1).ravel().tolist()
    else:
        data = a.ravel().tolist()
    return {"dtype": dtype, "shape": list(a.shape), "data": data}


def cdt(a):
    """The f64/c128 dtype name of a numpy array."""
    return "c128" if np.iscomplexobj(a) else "f64"
