import numpy as _np
