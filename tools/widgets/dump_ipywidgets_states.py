"""Writes the full state ipywidgets 8 sends for each core widget Hookbook mirrors.

Run with ipywidgets 8 and comm importable (for example: pip download --no-deps ipywidgets comm,
unzip the wheels into a folder, and put it first on PYTHONPATH):

    /usr/bin/python3 tools/widgets/dump_ipywidgets_states.py \
        viz/src/test/resources/dev/hookbook/widgets/ipywidgets-states.json

Model references ("IPY_MODEL_<id>") are written as "IPY_MODEL_" since ids differ each run;
binary values as "<bytes>". WidgetStateTest compares Hookbook's widgets with this file.
"""
import json
import sys

import comm


class _NoFrontEnd(comm.base_comm.BaseComm):
    def publish_msg(self, *args, **kwargs):
        pass


comm.create_comm = lambda *args, **kwargs: _NoFrontEnd(*args, **kwargs)

import ipywidgets as w  # noqa: E402 (after the comm is replaced)


def plain(value):
    if isinstance(value, (bytes, memoryview)):
        return "<bytes>"
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return "IPY_MODEL_"
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


states = {"ipywidgets": w.__version__, "protocol": w._version.__protocol_version__}


def dump(name, widget):
    states[name] = {key: plain(value) for key, value in widget.get_state().items()}


slider = w.IntSlider(description="n", min=0, max=10, value=3)
dump("IntSlider", slider)
dump("SliderStyleModel", slider.style)
dump("LayoutModel", slider.layout)
dump("FloatSlider", w.FloatSlider(description="lr", min=0.0, max=1.0, step=0.05, value=0.5))
dump("FloatLogSlider", w.FloatLogSlider(description="lr", min=-4, max=0, value=0.01))
dropdown = w.Dropdown(description="act", options=["relu", "tanh"])
dump("Dropdown", dropdown)
dump("DescriptionStyleModel", dropdown.style)
toggles = w.ToggleButtons(description="data", options=["circle", "xor"])
dump("ToggleButtons", toggles)
dump("ToggleButtonsStyleModel", toggles.style)
checkbox = w.Checkbox(description="noise", value=True)
dump("Checkbox", checkbox)
dump("CheckboxStyleModel", checkbox.style)
button = w.Button(description="go")
dump("Button", button)
dump("ButtonStyleModel", button.style)
play = w.Play(min=0, max=10, interval=200)
dump("Play", play)
label = w.Label(value="hello")
dump("Label", label)
dump("LabelStyleModel", label.style)
html = w.HTML(value="<b>hi</b>")
dump("HTML", html)
dump("HTMLStyleModel", html.style)
dump("Image", w.Image(value=b"\x89PNG"))
dump("Output", w.Output())
dump("HBox", w.HBox([slider]))
dump("VBox", w.VBox([slider, play]))
dump("LinkModel", w.jslink((play, "value"), (slider, "value")))

with open(sys.argv[1], "w") as out:
    json.dump(states, out, indent=1, sort_keys=True, ensure_ascii=False)
    out.write("\n")
