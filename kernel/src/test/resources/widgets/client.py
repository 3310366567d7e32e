"""What the widget front-end scripts share: a Hookbook kernel started with Jupyter's own client,
cells run on it, comm messages sent to it as a front end sends them, and each check's result
printed as "PASS <name>" or "FAIL <name>: <why>" (FrontEndScript reads the lines).

A script sets ``client.TIMEOUT`` to change how long a reply may take.
"""
import time
import traceback

import jupyter_client

TIMEOUT = 60
km, kc = jupyter_client.manager.start_new_kernel(kernel_name='hookbook', startup_timeout=120)
pending = []  # iopub messages read but not yet looked at


def iopub(timeout=None):
    if pending:
        return pending.pop(0)
    return kc.get_iopub_msg(timeout=timeout or TIMEOUT)


def drain(seconds=0.3):
    """Reads what is on iopub now."""
    msgs = list(pending)
    pending.clear()
    end = time.time() + seconds
    while time.time() < end:
        try:
            msgs.append(kc.get_iopub_msg(timeout=max(0.01, end - time.time())))
        except Exception:
            break
    return msgs


def execute(code, timeout=None):
    """Runs code; returns (reply content, iopub messages until its idle)."""
    timeout = timeout or TIMEOUT
    msg_id = kc.execute(code)
    msgs = []
    while True:
        msg = iopub(timeout)
        msgs.append(msg)
        if (msg['msg_type'] == 'status' and msg['content']['execution_state'] == 'idle'
                and msg['parent_header'].get('msg_id') == msg_id):
            break
    reply = kc.get_shell_msg(timeout=timeout)
    while reply['parent_header'].get('msg_id') != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply['content'], msgs


def value(code):
    reply, msgs = execute(code)
    assert reply['status'] == 'ok', reply
    results = [m['content']['data']['text/plain'] for m in msgs if m['msg_type'] == 'execute_result']
    return results[-1] if results else None


def send(msg_type, content, buffers=None):
    msg = kc.session.msg(msg_type, content)
    kc.session.send(kc.shell_channel.socket, msg, buffers=buffers)
    return msg['header']['msg_id']


def update(comm_id, state, buffer_paths=(), buffers=None):
    return send('comm_msg', {'comm_id': comm_id, 'data': {'method': 'update', 'state': state,
                                                          'buffer_paths': list(buffer_paths)}}, buffers)


def check(name, body):
    try:
        body()
        print('PASS', name, flush=True)
    except Exception:
        print('FAIL', name + ':', traceback.format_exc().replace('\n', ' | '), flush=True)
