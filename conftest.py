"""Settings for every pytest run, doctests of course_lib included."""

import matplotlib

# Headless plotting for tests and doctests, even on a machine with a display. This selects the
# backend of the pytest process only: the kernels that nbval starts keep the inline backend, so
# the notebooks' figures are still recorded as outputs.
matplotlib.use("Agg")
