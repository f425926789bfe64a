"""Interactive explorers for the chapters, and the static figure that stands beside each one.

Each explorer is an :class:`Explorer`: ``.controls`` maps a name to its ipywidgets control,
``.data`` holds the NumPy arrays currently plotted, ``.figure`` is a persistent matplotlib
``Figure`` redrawn on every change and shown as a PNG in an ``ipywidgets.Image``, and ``.widget``
is the box to display (a notebook cell can also end with the explorer itself). Setting a control's
``value`` updates ``.data`` and the picture at once, so tests drive the explorers without a
browser or a kernel. Every explorer is deterministic: the random ones take a ``seed``.

In the static HTML book widgets do not render, so each explorer has a ``*_figure`` function that
draws the equivalent static figure with pyplot (end the cell with ``plt.show()``).

ipywidgets is imported inside the functions that build widgets, and matplotlib only when a figure
is drawn, so importing this module is cheap.
"""

import io

import numpy as np

from course_lib import plotting

__all__ = [
    "Explorer",
    "activation_explorer",
    "activation_explorer_figure",
    "softmax_explorer",
    "softmax_explorer_figure",
    "gradient_flow_explorer",
    "gradient_flow_explorer_figure",
    "dead_neuron_trainer",
    "dead_neuron_trainer_figure",
]


class Explorer:
    """An interactive figure: named controls, the plotted data, and the widget that shows both.

    Subclasses build their controls, then call :meth:`_finish`, and implement :meth:`_compute`
    (fill ``self.data`` from the control values) and :meth:`_draw` (draw ``self.data`` on
    ``self.figure``).

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        The controls by name; set ``controls[name].value`` to change the figure.
    data : dict of str to numpy.ndarray
        The arrays behind the current picture (0-d arrays for single numbers).
    figure : matplotlib.figure.Figure
        The persistent figure, redrawn in place on every update.
    widget : ipywidgets.VBox
        Controls, picture and a status line, ready for ``display``.
    status : str
        The text under the picture, e.g. the entropy or the dead fraction.
    """

    def __init__(self, figsize):
        from matplotlib.figure import Figure

        self.controls = {}
        self.data = {}
        self.status = ""
        with plotting.course_style():
            self.figure = Figure(figsize=figsize)
        self.widget = None
        self._image = None
        self._status_label = None
        self._control_box = None

    def _finish(self):
        """Build the widget tree, observe every control and draw the first picture."""
        import ipywidgets

        self._control_box = ipywidgets.HBox(
            self._control_rows(), layout=ipywidgets.Layout(flex_flow="row wrap")
        )
        self._image = ipywidgets.Image(format="png", layout=ipywidgets.Layout(max_width="100%"))
        self._status_label = ipywidgets.HTML()
        self.widget = ipywidgets.VBox([self._control_box, self._image, self._status_label])
        for control in self.controls.values():
            self._observe(control)
        self.update()

    def _control_rows(self):
        return list(self.controls.values())

    def _observe(self, control):
        control.observe(self._on_change, names="value")

    def _on_change(self, change):
        self.update()

    def update(self):
        """Recompute the data from the controls, redraw the figure and refresh the picture."""
        self._compute()
        with plotting.course_style():
            for ax in list(self.figure.axes):
                self.figure.delaxes(ax)
            self._draw()
        self._render()

    def _render(self):
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        self._image.value = buffer.getvalue()
        self._status_label.value = self.status

    @property
    def png(self):
        """The current picture as PNG bytes."""
        return bytes(self._image.value)

    def _compute(self):
        raise NotImplementedError

    def _draw(self):
        raise NotImplementedError

    def _describe(self):
        """Return the control values as ``name=value`` text for the plain-text repr."""
        parts = []
        for name, control in self.controls.items():
            value = getattr(control, "value", None)
            if isinstance(value, float):
                parts.append(f"{name}={value:g}")
            elif value is not None and not isinstance(value, bytes):
                parts.append(f"{name}={value!r}")
        return ", ".join(parts)

    def __repr__(self):
        return f"{type(self).__name__}({self._describe()})"

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The widget's own plain-text repr contains the PNG bytes; a notebook stores this short,
        # stable text instead, next to the widget view.
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)
        return bundle

    def _ipython_display_(self):
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)
