"""Moves the controls of Hookbook's explorers from Jupyter's own client and watches the picture change.

Each check prints "PASS <name>" or "FAIL <name>: <why>"; ExplorerWidgetsTest reads the lines.
"""
import time

import client

TIMEOUT = 60
client.TIMEOUT = TIMEOUT
from client import check, km, kc, update  # noqa: E402


def execute(code):
    """Runs code that must succeed; returns its iopub messages."""
    reply, msgs = client.execute(code)
    assert reply['status'] == 'ok', reply
    return msgs


def models(msgs, name):
    """The comm ids and opening messages of the widgets of model `name`."""
    return [m for m in msgs if m['msg_type'] == 'comm_open' and m['content']['data']['state']['_model_name'] == name]


def new_picture(image_id, before):
    """Waits for an update of the image carrying a PNG other than `before`; returns its bytes."""
    end = time.time() + TIMEOUT
    while time.time() < end:
        msg = kc.get_iopub_msg(timeout=max(0.01, end - time.time()))
        content = msg['content']
        if msg['msg_type'] == 'comm_msg' and content['comm_id'] == image_id and content['data'].get('method') == 'update':
            assert content['data']['buffer_paths'] == [['value']], content['data']
            png = bytes(msg['buffers'][0])
            if png != before:
                return png
    raise AssertionError('no new picture within %ss' % TIMEOUT)


def opened_picture(msgs):
    images = models(msgs, 'ImageModel')
    assert len(images) == 1, [m['content']['data']['state']['_model_name'] for m in msgs if m['msg_type'] == 'comm_open']
    png = bytes(images[0]['buffers'][0])
    assert png[:4] == b'\x89PNG', png[:8]
    return images[0]['content']['comm_id'], png


def monitor_explorer():
    msgs = execute('\n'.join([
        'Hookbook.manualSeed(0);',
        'var model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));',
        'var monitor = Monitor.attach(model);',
        'var opt = new SGD(model.parameters(), 0.1f);',
        'for (int i = 0; i < 6; i++) {',
        '    opt.zeroGrad();',
        '    Tensor loss = model.call(Tensor.randn(16, 4)).pow(2).mean();',
        '    loss.backward();',
        '    opt.step();',
        '    monitor.logLoss(loss);',
        '}',
        'monitor.close();',
        'monitor.explorer()']))
    sliders = models(msgs, 'IntSliderModel')
    assert len(sliders) == 1 and sliders[0]['content']['data']['state']['value'] == 6, sliders
    assert len(models(msgs, 'PlayModel')) == 1 and len(models(msgs, 'LinkModel')) == 1
    image, before = opened_picture(msgs)
    shown = [m for m in msgs if m['msg_type'] == 'execute_result'][0]['content']['data']
    assert 'application/vnd.jupyter.widget-view+json' in shown and 'image/png' in shown, shown.keys()
    update(sliders[0]['content']['comm_id'], {'value': 1})
    after = new_picture(image, before)
    assert after[:4] == b'\x89PNG'
    dropdown = models(msgs, 'DropdownModel')[0]['content']['comm_id']
    update(dropdown, {'index': 2})
    new_picture(image, after)


def attention_explorer():
    msgs = execute('\n'.join([
        'Hookbook.manualSeed(0);',
        'var gpt = new MiniGpt(new MiniGpt.Config(5, 8, 16, 2, 2));',
        'var cache = Interp.runWithCache(gpt, Tensor.of(new float[] {0, 1, 2, 3}, 1, 4)).cache();',
        'Charts.attentionExplorer(cache, List.of("a", "b", "c", "d"))']))
    image, before = opened_picture(msgs)
    heads = models(msgs, 'ToggleButtonsModel')[0]
    assert heads['content']['data']['state']['_options_labels'] == ['all', '0', '1'], heads['content']['data']['state']
    update(heads['content']['comm_id'], {'index': 2})
    new_picture(image, before)


try:
    check('monitor-explorer', monitor_explorer)
    check('attention-explorer', attention_explorer)
finally:
    km.shutdown_kernel(now=False)
    print('done', flush=True)
