from typing import Any

import numpy as np
from typing_extensions import Buffer

_Buffer = Buffer | np.ndarray[Any, Any]  # C-contiguous 4-byte items

def scores(
    codes: _Buffer,
    min_n: int,
    max_n: int,
    bits: int,
    idf: _Buffer,
    coef: _Buffer,
    classes: int,
    logs: _Buffer,
    out: _Buffer,
) -> None: ...
