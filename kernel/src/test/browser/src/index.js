// The page: starts a kernel on the Jupyter server that serves it, runs the cell in the text area
// (Shift-Enter or the Run button) and shows the cell's outputs, widgets drawn live.
// window.hookbook lets a test drive it: run(code) resolves with the cell's text once it is idle.
import '@fortawesome/fontawesome-free/css/all.min.css';
import '@lumino/widgets/style/index.css';
import '@jupyter-widgets/controls/css/widgets.built.css'; // with noUiSlider's Jupyter styles, as JupyterLab loads it
import { KernelManager, ServerConnection } from '@jupyterlab/services';
import { KernelWidgetManager } from './manager';

const VIEW = 'application/vnd.jupyter.widget-view+json';
const params = new URLSearchParams(window.location.search);
const status = document.getElementById('status');

function say(text) {
  status.textContent = text;
  status.dataset.state = text;
}

async function start() {
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: new URL('../', window.location.href).href, // the page is served as BASE/static/index.html
    token: params.get('token') || '',
  });
  say('starting kernel');
  const kernels = new KernelManager({ serverSettings });
  const kernel = await kernels.startNew({ name: params.get('kernel') || 'hookbook' });
  const manager = new KernelWidgetManager(kernel);
  await kernel.info;
  say('idle');

  const cells = document.getElementById('cells');
  let count = 0;

  /** Runs one cell; resolves with everything it printed or showed as text. */
  async function run(code) {
    const cell = document.createElement('div');
    cell.className = 'cell';
    cell.id = 'cell-' + ++count;
    const input = document.createElement('pre');
    input.className = 'input';
    input.textContent = code;
    const outputs = document.createElement('div');
    outputs.className = 'outputs';
    cell.append(input, outputs);
    cells.append(cell);
    const texts = [];
    const future = kernel.requestExecute({ code, stop_on_error: true });
    const shown = [];
    future.onIOPub = (msg) => {
      const type = msg.header.msg_type;
      const content = msg.content;
      if (type === 'stream') {
        append(outputs, 'pre', 'stream ' + content.name, content.text);
        texts.push(content.text);
      } else if (type === 'error') {
        const text = content.ename + ': ' + content.evalue + '\n' + (content.traceback || []).join('\n');
        append(outputs, 'pre', 'error', text);
        texts.push(text);
      } else if (type === 'display_data' || type === 'execute_result') {
        shown.push(show(manager, outputs, content.data, texts));
      }
    };
    say('busy');
    const reply = await future.done;
    await Promise.all(shown);
    say('idle');
    cell.dataset.status = reply.content.status;
    return { status: reply.content.status, text: texts.join(''), cell: cell.id };
  }

  if (params.get('editor') === 'no') {
    document.getElementById('editor').hidden = true; // a test drives the page through window.hookbook
  }
  const editor = document.getElementById('code');
  const runEditor = () => run(editor.value);
  document.getElementById('run').onclick = runEditor;
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.shiftKey) {
      event.preventDefault();
      runEditor();
    }
  });
  window.hookbook = { run, kernel, manager };
  if (params.get('run') !== 'no' && editor.value.trim()) {
    await runEditor();
  }
  say('ready');
}

function append(parent, tag, className, text) {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = text;
  parent.append(element);
  return element;
}

/** One display_data or execute_result: a widget view when it has one, else an image, else text. */
async function show(manager, outputs, data, texts) {
  const area = document.createElement('div');
  area.className = 'output';
  outputs.append(area);
  if (data[VIEW] && manager.has_model(data[VIEW].model_id)) {
    const model = await manager.get_model(data[VIEW].model_id);
    const view = await manager.create_view(model, {});
    await manager.display_view(view, area);
    area.classList.add('widget');
  } else if (data['image/png']) {
    const image = document.createElement('img');
    image.src = 'data:image/png;base64,' + data['image/png'];
    area.append(image);
  } else if (data['text/html']) {
    area.innerHTML = data['text/html'];
  } else if (data['text/plain'] !== undefined) {
    append(area, 'pre', 'result', data['text/plain']);
    texts.push(data['text/plain'] + '\n');
  }
}

start().catch((error) => {
  say('failed: ' + error);
  console.error(error);
});
