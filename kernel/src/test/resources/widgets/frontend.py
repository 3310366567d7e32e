"""Plays a widget front end against the Hookbook kernel with Jupyter's own client.

Each check prints "PASS <name>" or "FAIL <name>: <why>"; WidgetProtocolTest reads the lines.
"""
import sys
import time
import uuid

import client

TIMEOUT = 90  # seconds; generous, for a loaded machine
client.TIMEOUT = TIMEOUT
from client import check, km, kc, pending, iopub, drain, execute, value, send, update  # noqa: E402


def wait_for(pred, timeout=TIMEOUT):
    end = time.time() + timeout
    seen = []
    while time.time() < end:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.01, end - time.time()))
        except Exception:
            break
        if pred(msg):
            pending.extend(seen)
            return msg
        seen.append(msg)
    pending.extend(seen)
    raise AssertionError('not seen within %ss; saw %s' % (timeout, [(m['msg_type'], m['content']) for m in seen][-8:]))


def comms(target=None):
    content = {} if target is None else {'target_name': target}
    msg_id = send('comm_info_request', content)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply['parent_header'].get('msg_id') != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply['content']['status'] == 'ok', reply
    return reply['content']['comms']


def displays(msgs):
    """The display_data messages, without the script the kernel sends before a cell's first display
    (it keeps the classic Notebook from folding the cell's output away)."""
    return [m for m in msgs if m['msg_type'] == 'display_data'
            and 'application/javascript' not in m['content']['data']]


def opens(msgs):
    return {m['content']['comm_id']: m for m in msgs if m['msg_type'] == 'comm_open'}


state = {}


def open_and_display():
    reply, msgs = execute('var s = new IntSlider("rate", 0, 10, 3); display(s); s.modelId()')
    slider = [m['content']['data']['text/plain'] for m in msgs if m['msg_type'] == 'execute_result'][0].strip('"')
    state['slider'] = slider
    opened = opens(msgs)
    assert slider in opened, opened.keys()
    o = opened[slider]
    assert o['content']['target_name'] == 'jupyter.widget'
    assert o['metadata'] == {'version': '2.1.0'}, o['metadata']
    s = o['content']['data']['state']
    assert s['_model_name'] == 'IntSliderModel' and s['_model_module'] == '@jupyter-widgets/controls', s
    assert s['_model_module_version'] == '2.0.0' and s['value'] == 3 and s['description'] == 'rate', s
    assert '_view_count' in s and s['_view_count'] is None, 'nulls are kept'
    assert o['content']['data']['buffer_paths'] == []
    layout, style = s['layout'][len('IPY_MODEL_'):], s['style'][len('IPY_MODEL_'):]
    assert opened[layout]['content']['data']['state']['_model_name'] == 'LayoutModel'
    assert opened[style]['content']['data']['state']['_model_name'] == 'SliderStyleModel'
    shown_ids = [id(m) for m in displays(msgs)]
    order = [m['content'].get('comm_id') if m['msg_type'] == 'comm_open' else m['msg_type'] for m in msgs
             if m['msg_type'] == 'comm_open' or id(m) in shown_ids]
    assert order.index(layout) < order.index(slider) and order.index(style) < order.index(slider), order
    assert order.index(slider) < order.index('display_data'), order
    shown = displays(msgs)[0]['content']['data']
    assert shown['application/vnd.jupyter.widget-view+json'] == {'version_major': 2, 'version_minor': 0, 'model_id': slider}, shown
    assert shown['text/plain'] == "IntSlider(description='rate', value=3)", shown


def update_from_front_end():
    slider = state['slider']
    drain()
    update(slider, {'value': 7})
    echo = wait_for(lambda m: m['msg_type'] == 'comm_msg' and m['content']['comm_id'] == slider)
    assert echo['content']['data'] == {'method': 'echo_update', 'state': {'value': 7}, 'buffer_paths': []}, echo['content']
    assert value('s.value()') == '7'


def update_seen_while_a_cell_runs():
    slider = state['slider']
    drain()
    code = ('long t0 = System.currentTimeMillis(); '
            'while (s.value() != 9 && System.currentTimeMillis() - t0 < 30000) Thread.sleep(5); '
            'System.currentTimeMillis() - t0')
    msg_id = kc.execute(code)
    wait_for(lambda m: m['msg_type'] == 'execute_input' and m['parent_header'].get('msg_id') == msg_id)
    time.sleep(1.0)
    update(slider, {'value': 9})
    result = wait_for(lambda m: m['msg_type'] in ('execute_result', 'error') and m['parent_header'].get('msg_id') == msg_id)
    assert result['msg_type'] == 'execute_result', result['content']
    waited = int(result['content']['data']['text/plain'])
    assert waited < 20000, 'the loop saw the new value only after %d ms' % waited
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply['parent_header'].get('msg_id') != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply['content']['status'] == 'ok'
    drain()


def update_from_java():
    slider = state['slider']
    reply, msgs = execute('s.setValue(5);')
    updates = [m['content']['data'] for m in msgs if m['msg_type'] == 'comm_msg' and m['content']['comm_id'] == slider]
    assert updates == [{'method': 'update', 'state': {'value': 5}, 'buffer_paths': []}], updates


def request_state():
    slider = state['slider']
    drain()
    send('comm_msg', {'comm_id': slider, 'data': {'method': 'request_state'}})
    msg = wait_for(lambda m: m['msg_type'] == 'comm_msg' and m['content']['comm_id'] == slider)
    data = msg['content']['data']
    assert data['method'] == 'update' and data['state']['value'] == 5 and data['state']['_model_name'] == 'IntSliderModel', data


def image_buffers():
    reply, msgs = execute('var im = new Image(new byte[] {1, 2, 3}); display(im); im.modelId()')
    image = [m['content']['data']['text/plain'] for m in msgs if m['msg_type'] == 'execute_result'][0].strip('"')
    state['image'] = image
    o = opens(msgs)[image]
    assert o['content']['data']['buffer_paths'] == [['value']], o['content']['data']
    assert 'value' not in o['content']['data']['state']
    assert bytes(o['buffers'][0]) == b'\x01\x02\x03', o['buffers']
    shown = displays(msgs)[0]['content']['data']
    assert 'image/png' in shown, 'the PNG is the fallback'
    reply, msgs = execute('im.setValue(new byte[] {4, 5});')
    sent = [m for m in msgs if m['msg_type'] == 'comm_msg' and m['content']['comm_id'] == image]
    assert sent[0]['content']['data']['buffer_paths'] == [['value']] and bytes(sent[0]['buffers'][0]) == b'\x04\x05'
    update(image, {}, [['value']], [b'\x07\x08\x09'])
    wait_for(lambda m: m['msg_type'] == 'comm_msg' and m['content']['comm_id'] == image)
    assert value('java.util.Arrays.toString(im.value())') == '[7, 8, 9]'


def button_click():
    reply, msgs = execute('var b = new Button("go"); var clicked = new java.util.concurrent.atomic.AtomicInteger(); '
                          'b.onClick(clicked::incrementAndGet); display(b); b.modelId()')
    button = [m['content']['data']['text/plain'] for m in msgs if m['msg_type'] == 'execute_result'][0].strip('"')
    send('comm_msg', {'comm_id': button, 'data': {'method': 'custom', 'content': {'event': 'click'}}})
    send('comm_msg', {'comm_id': button, 'data': {'method': 'custom', 'content': {'event': 'click'}}})
    time.sleep(0.5)
    assert value('clicked.get()') == '2'


def comm_info():
    widgets = comms('jupyter.widget')
    assert state['slider'] in widgets and widgets[state['slider']] == {'target_name': 'jupyter.widget'}, widgets
    assert comms('no.such.target') == {}
    assert state['slider'] in comms()


def close_from_java():
    slider = state['slider']
    reply, msgs = execute('s.close();')
    closed = [m['content']['comm_id'] for m in msgs if m['msg_type'] == 'comm_close']
    assert slider in closed and len(closed) == 3, closed  # the slider, its layout and its style
    assert slider not in comms()
    reply, msgs = execute('s.setValue(1);')
    assert not [m for m in msgs if m['msg_type'].startswith('comm_')], 'a closed widget sends nothing'


def close_from_front_end():
    image = state['image']
    send('comm_close', {'comm_id': image, 'data': {}})
    time.sleep(0.5)
    assert image not in comms()
    assert value('im.isOpen()') == 'false'


def unknown_comm():
    send('comm_msg', {'comm_id': uuid.uuid4().hex, 'data': {'method': 'update', 'state': {'value': 1}}})
    send('comm_close', {'comm_id': uuid.uuid4().hex, 'data': {}})
    assert value('1 + 1') == '2'


def unknown_target():
    drain()
    comm = uuid.uuid4().hex
    send('comm_open', {'comm_id': comm, 'target_name': 'no.such.target', 'data': {}})
    wait_for(lambda m: m['msg_type'] == 'comm_close' and m['content']['comm_id'] == comm)
    assert comm not in comms()


def control_comm():
    drain()
    comm = uuid.uuid4().hex
    send('comm_open', {'comm_id': comm, 'target_name': 'jupyter.widget.control', 'data': {}})
    send('comm_msg', {'comm_id': comm, 'data': {'method': 'request_states'}})
    msg = wait_for(lambda m: m['msg_type'] == 'comm_msg' and m['content']['comm_id'] == comm)
    data = msg['content']['data']
    assert data['method'] == 'update_states', data
    models = {s['model_name'] for s in data['states'].values()}
    assert 'ButtonModel' in models and 'IntSliderModel' not in models, models


def output_capture():
    drain()
    code = 'var out = new Output(); display(out); out.capture(() -> System.out.println("inside")); out.modelId()'
    msg_id = kc.execute(code)
    msgs = []
    while True:
        m = iopub()
        msgs.append(m)
        if m['msg_type'] == 'status' and m['content']['execution_state'] == 'idle' and m['parent_header'].get('msg_id') == msg_id:
            break
    out = [m['content']['data']['text/plain'] for m in msgs if m['msg_type'] == 'execute_result'][0].strip('"')
    seq = []
    for m in msgs:
        if m['msg_type'] == 'comm_msg' and m['content']['comm_id'] == out:
            seq.append(('msg_id', m['content']['data']['state']['msg_id']))
        elif m['msg_type'] == 'stream':
            seq.append(('stream', m['content']['text'], m['parent_header']['msg_id']))
    assert seq == [('msg_id', msg_id), ('stream', 'inside\n', msg_id), ('msg_id', '')], seq
    kc.get_shell_msg(timeout=TIMEOUT)


def thousands_without_a_leak():
    baseline = len(comms())
    reply, msgs = execute('int base = Widgets.openCount(); for (int i = 0; i < 500; i++) { var w = new IntSlider("x", 0, 3000, 0); '
                          'display(w); for (int v = 1; v <= 10; v++) w.setValue(v); w.close(); } Widgets.openCount() - base')
    assert reply['status'] == 'ok', reply
    assert [m['content']['data']['text/plain'] for m in msgs if m['msg_type'] == 'execute_result'] == ['0']
    assert len([m for m in msgs if m['msg_type'] == 'comm_open']) == 1500
    assert len(comms()) == baseline, (len(comms()), baseline)
    value('var many = new IntSlider("many", 0, 5000, 0); display(many); many.modelId()')
    many = value('many.modelId()').strip('"')
    for v in range(1, 3001):
        update(many, {'value': v})
    assert value('long t0 = System.currentTimeMillis(); while (many.value() != 3000 && System.currentTimeMillis() - t0 < 30000) '
                 'Thread.sleep(5); many.value()') == '3000'
    value('many.close();')
    assert len(comms()) == baseline
    drain(1.0)


def read_late_without_a_loss():
    """A front end that reads IOPub only once the cell has ended (its reply came on the shell) gets
    all of the cell's 3,000 updates of a 16 kB label and its idle status: the kernel keeps them until
    they are read (with a PUB socket's default high-water mark, about 2,000 arrived and no idle)."""
    drain()
    msg_id = kc.execute('var late = new Label(""); display(late); String text = "x".repeat(16_000); '
                        'for (int i = 0; i < 3000; i++) late.setValue(i + text); late.close();')
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply['parent_header'].get('msg_id') != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply['content']['status'] == 'ok', reply['content']
    updates = []
    while True:
        try:
            m = iopub()
        except Exception:
            raise AssertionError('no idle status after %d updates' % len(updates))
        if m['msg_type'] == 'comm_msg' and m['content']['data']['method'] == 'update':
            updates.append(m['content']['data']['state']['value'])
        if m['msg_type'] == 'status' and m['content']['execution_state'] == 'idle' and m['parent_header'].get('msg_id') == msg_id:
            break
    assert [int(v[:-16000]) for v in updates] == list(range(3000)), (len(updates), [v[:8] for v in updates[-3:]])


try:
    assert kc.is_alive()
    value('1')
    drain()
    check('open', open_and_display)
    check('update-from-front-end', update_from_front_end)
    check('update-while-cell-runs', update_seen_while_a_cell_runs)
    check('update-from-java', update_from_java)
    check('request-state', request_state)
    check('buffers', image_buffers)
    check('click', button_click)
    check('comm-info', comm_info)
    check('close-from-java', close_from_java)
    check('close-from-front-end', close_from_front_end)
    check('unknown-comm', unknown_comm)
    check('unknown-target', unknown_target)
    check('control', control_comm)
    check('output', output_capture)
    check('no-leak', thousands_without_a_leak)
    check('read-late', read_late_without_a_loss)
finally:
    km.shutdown_kernel(now=False)
    print('done', flush=True)
