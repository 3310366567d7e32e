"""Plays a front end against notebook 10's playground with Jupyter's own client.

Runs the notebook's code cells up to the one that shows the playground, then presses play (an
update of the ToggleButtons' index, as a browser sends it), watches the pictures arrive as
binary updates while it trains, moves the learning-rate slider and reads the optimizer's rate
back, runs a cell while it trains, presses pause and checks that training stopped and the
kernel still answers. Each check prints "PASS <name>" or "FAIL <name>: <why>";
PlaygroundNotebookTest reads the lines.
"""
import json
import sys
import time

import client

TIMEOUT = 120
notebook = json.load(open(sys.argv[1]))
client.TIMEOUT = TIMEOUT
from client import check, km, kc, execute, value, update  # noqa: E402


def image_updates(comm_id, seconds):
    """The PNG updates of image comm_id that arrive on iopub within seconds."""
    pngs = []
    end = time.time() + seconds
    while time.time() < end:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.01, end - time.time()))
        except Exception:
            break
        content = msg['content']
        if (msg['msg_type'] == 'comm_msg' and content['comm_id'] == comm_id
                and content['data'].get('method') == 'update'
                and content['data'].get('buffer_paths') == [['value']]):
            pngs.append(bytes(msg['buffers'][0]))
    return pngs


ids = {}


def open_the_playground():
    code_cells = [c for c in notebook['cells'] if c['cell_type'] == 'code']
    shown = None
    for cell in code_cells:
        source = ''.join(cell['source'])
        reply, msgs = execute(source)
        assert reply['status'] == 'ok', (source[:80], reply)
        if 'playground.button()' in source:
            shown = msgs
            break
    assert shown is not None, 'no cell shows playground.button()'
    views = [m for m in shown if m['msg_type'] == 'display_data'
             and 'application/vnd.jupyter.widget-view+json' in m['content']['data']]
    assert views, 'the playground is shown as a widget'
    for name, code in [('button', 'playground.button().modelId()'), ('boundary', 'boundaryImage.modelId()'),
                       ('lr', 'lr.modelId()'), ('status', 'playground.status().modelId()')]:
        ids[name] = value(code).strip('"')
    opened = {m['content']['comm_id'] for m in shown if m['msg_type'] == 'comm_open'}
    assert {ids['button'], ids['boundary'], ids['lr']} <= opened, 'the controls and images were opened with the cell'
    assert value('playground.playing()') == 'false'


def play_and_watch():
    update(ids['button'], {'index': 1})             # the browser pressed "play"
    pngs = image_updates(ids['boundary'], 20)
    assert len(pngs) >= 2, '%d decision-boundary pictures arrived in 20 s' % len(pngs)
    assert all(p[:8] == b'\x89PNG\r\n\x1a\n' for p in pngs), 'PNG bytes'
    assert len(set(pngs)) >= 2, 'the pictures change as it learns'
    assert value('playground.playing()') == 'true'
    assert int(value('playground.steps()')) > 0


def a_cell_runs_while_it_trains():
    before = int(value('playground.steps()'))
    assert value('1 + 1') == '2'
    end = time.time() + 30
    while int(value('playground.steps()')) <= before and time.time() < end:
        time.sleep(0.2)
    assert int(value('playground.steps()')) > before, 'training goes on between cells'


def learning_rate_moved_mid_training():
    update(ids['lr'], {'value': 0.25})              # the browser moved the slider
    end = time.time() + 30
    lr = None
    while time.time() < end:
        lr = value('sgd.lr()')
        if lr == '0.25':
            break
        time.sleep(0.2)
    assert lr == '0.25', 'the optimizer uses the new rate: ' + str(lr)
    assert value('playground.playing()') == 'true', 'still training'


def pause_stops_training():
    update(ids['button'], {'index': 0})             # the browser pressed "pause"
    end = time.time() + 30
    while value('playground.playing()') != 'false' and time.time() < end:
        time.sleep(0.1)
    value('playground.pause();')                    # returns once the loop has parked
    stopped = value('playground.steps()')
    time.sleep(1.5)
    assert value('playground.steps()') == stopped, 'no steps after pause'
    assert value('1 + 1') == '2', 'the kernel answers'
    assert value('playground.status().value()').strip('"') == 'step ' + stopped


try:
    check('open', open_the_playground)
    check('play', play_and_watch)
    check('responsive', a_cell_runs_while_it_trains)
    check('learning-rate', learning_rate_moved_mid_training)
    check('pause', pause_stops_training)
finally:
    km.shutdown_kernel(now=False)
    print('done', flush=True)
