"""Drives the widget page (src/test/browser) in headless Chromium against a Hookbook kernel.

Starts a Jupyter server (127.0.0.1, a token, a free port, a temporary root) that serves the
built page as a static file and starts the `hookbook` kernel found on JUPYTER_PATH; the page
runs cells through @jupyterlab/services and draws the widgets with @jupyter-widgets/html-manager.
Usage: browser.py PAGE_DIR SCREENSHOT_DIR. Prints "PASS <name>" or "FAIL <name>: <why>" per
check and "done" at the end; BrowserWidgetTest reads the lines.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
import uuid

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

page_dir, shots = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(shots, exist_ok=True)
TIMEOUT = 90

CELL = r'''
double[][] wave(int n) {
    var points = new double[81][];
    for (int i = 0; i <= 80; i++) { double x = i / 80.0; points[i] = new double[]{x, Math.sin(n * Math.PI * x)}; }
    return points;
}
var n = new IntSlider("n", 1, 10, 3);
var seen = new Label("Java saw n = 3");
n.observe(v -> seen.setValue("Java saw n = " + v));
display(new VBox(Widgets.interact(() -> Charts.curves("sin(n pi x)", "redrawn by Widgets.interact", "x", "y",
        Map.of("n = " + n.value(), wave(n.value()))), n), seen));
'''

CONTROLS = r'''
var play = new Play(0, 20, 100);
var step = new IntSlider("step", 0, 20, 0);
Widgets.jslink(play, step);
var act = new Dropdown("activation", List.of("relu", "tanh", "sigmoid"));
var data = new ToggleButtons("data", List.of("circle", "xor", "spiral"));
var noise = new Checkbox("noise", true);
var clicks = new java.util.concurrent.atomic.AtomicInteger();
var button = new Button("click me");
var clicked = new Label("clicks: 0");
button.onClick(() -> clicked.setValue("clicks: " + clicks.incrementAndGet()));
var out = new Output();
display(new VBox(new HBox(play, step), act, data, noise, new HBox(button, clicked), new HTML("<b id='bold'>bold</b> HTML"), out));
out.capture(() -> System.out.println("captured by the Output widget"));
'''


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def check(name, condition, why):
    print(('PASS ' + name) if condition else ('FAIL ' + name + ': ' + why), flush=True)


def start_server(port, token, root):
    log = open(os.path.join(shots, 'jupyter-server.log'), 'w')
    server = subprocess.Popen(
        [sys.executable, '-m', 'jupyter_server', '--no-browser', '--ServerApp.ip=127.0.0.1',
         '--ServerApp.port=%d' % port, '--ServerApp.port_retries=0', '--ServerApp.token=' + token,
         '--ServerApp.root_dir=' + root, '--ServerApp.extra_static_paths', page_dir,
         '--allow-root'],  # CI containers run as root
        stdout=log, stderr=subprocess.STDOUT)
    end = time.time() + 60
    while time.time() < end:
        if server.poll() is not None:
            raise RuntimeError('jupyter server exited with %s; see %s' % (server.returncode, log.name))
        try:
            request = urllib.request.Request('http://127.0.0.1:%d/api/status' % port,
                                             headers={'Authorization': 'token ' + token})
            urllib.request.urlopen(request, timeout=2).read()
            return server
        except OSError:
            time.sleep(0.3)
    raise RuntimeError('jupyter server did not answer within 60 s')


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = '/usr/bin/chromium'
    for argument in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                     '--window-size=900,1300', '--user-data-dir=' + tempfile.mkdtemp(prefix='hookbook-chromium-')):
        options.add_argument(argument)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    return webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=options)


def run_cell(driver, code):
    """Runs a cell through the page; returns {status, text}."""
    return driver.execute_async_script(
        'const done = arguments[arguments.length - 1];'
        'window.hookbook.run(arguments[0]).then(done, e => done({status: "page error", text: String(e)}));', code)


def image_bytes(driver):
    """The bytes behind the Image widget's <img> (a blob: URL), as hex of a SHA-256, and its src."""
    return driver.execute_async_script(
        'const done = arguments[arguments.length - 1];'
        'const img = document.querySelector(".widget-image");'
        'if (!img || !img.src) { done(null); return; }'
        'fetch(img.src).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest("SHA-256", b))'
        '.then(d => done([img.src, Array.from(new Uint8Array(d)).map(x => x.toString(16).padStart(2, "0")).join(""),'
        ' img.naturalWidth])).catch(e => done(null));')


def settled_image(driver, quiet=1.5):
    """The image's bytes once no redraw has changed them for `quiet` seconds."""
    last, since = image_bytes(driver), time.time()
    end = time.time() + TIMEOUT
    while time.time() < end:
        time.sleep(0.2)
        now = image_bytes(driver)
        if now != last:
            last, since = now, time.time()
        elif time.time() - since >= quiet:
            return last
    raise AssertionError('the chart kept changing')


def text(driver, selector):
    elements = driver.find_elements(By.CSS_SELECTOR, selector)
    return elements[0].text if elements else None


def wait(driver, what, condition, timeout=TIMEOUT):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.2).until(lambda d: condition(d))
    except Exception as e:
        if isinstance(e, RuntimeError):
            raise
        driver.save_screenshot(os.path.join(shots, 'timeout.png'))
        raise AssertionError('timed out waiting for ' + what)


def page_ready(driver):
    state = driver.find_element(By.ID, 'status').text
    if state.startswith('failed'):
        raise RuntimeError('the page ' + state)
    return state == 'ready'


server = driver = None
try:
    root = tempfile.mkdtemp(prefix='hookbook-browser-root-')
    port, token = free_port(), uuid.uuid4().hex
    server = start_server(port, token, root)
    driver = start_browser()
    driver.set_script_timeout(TIMEOUT)
    driver.get('http://127.0.0.1:%d/static/index.html?token=%s&run=no&editor=no' % (port, token))
    wait(driver, 'the page to start a kernel', lambda d: page_ready(d), 180)

    # 1. The cell shows a slider and a chart that Widgets.interact redraws; views render live.
    result = run_cell(driver, CELL)
    check('cell-runs', result['status'] == 'ok', json.dumps(result))
    handle = wait(driver, 'the slider', lambda d: d.find_element(By.CSS_SELECTOR, '.widget-slider .noUi-handle'))
    wait(driver, 'the chart', lambda d: (image_bytes(d) or [None, None, 0])[2] > 0)
    readout = text(driver, '.widget-readout')
    check('slider-rendered', readout == '3', 'the readout shows %r' % readout)
    before = settled_image(driver)
    check('image-rendered', before is not None and before[2] > 100, 'the image is %r' % (before,))
    driver.save_screenshot(os.path.join(shots, '1-rendered.png'))

    # 2. Drag the handle to the right with the mouse, as a user would.
    track = driver.find_element(By.CSS_SELECTOR, '.widget-slider .noUi-target')
    width = track.size['width']
    ActionChains(driver).click_and_hold(handle).move_by_offset(int(width * 0.5), 0).pause(0.3).release().perform()
    wait(driver, 'the readout to move', lambda d: text(d, '.widget-readout') not in ('3', None, ''))
    moved = int(text(driver, '.widget-readout'))
    check('dragged', moved > 3, 'the readout shows %s after the drag' % moved)
    # (a) Java saw it: the observer's Label, drawn by the browser, and value() read in a new cell.
    wait(driver, 'the Java label', lambda d: ('Java saw n = %d' % moved) in d.find_element(By.TAG_NAME, 'body').text)
    check('java-label-follows', True, '')
    result = run_cell(driver, 'n.value()')
    check('java-value', result['text'].strip() == str(moved), 'n.value() printed %r, the slider shows %d' % (result['text'], moved))
    # (b) The chart was redrawn: other bytes behind the image.
    wait(driver, 'the chart to change', lambda d: (image_bytes(d) or before)[1] != before[1])
    after = image_bytes(driver)
    check('image-changed', after[1] != before[1] and after[2] > 100, 'before %r after %r' % (before, after))
    time.sleep(0.5)
    driver.save_screenshot(os.path.join(shots, '2-dragged.png'))

    # 3. The keyboard moves it too (noUiSlider's arrow keys on the focused handle).
    handle = driver.find_element(By.CSS_SELECTOR, '.widget-slider .noUi-handle')
    handle.click()
    ActionChains(driver).send_keys_to_element(handle, '\ue012').perform()  # arrow left
    wait(driver, 'the readout to go down by one', lambda d: text(d, '.widget-readout') == str(moved - 1))
    result = run_cell(driver, 'n.value()')
    check('keyboard', result['text'].strip() == str(moved - 1), 'n.value() printed %r' % result['text'])

    # 4. A value set in Java moves the slider in the browser, and the chart follows. 10 is the
    # slider's end, which the keyboard's step left never leaves it at.
    before = settled_image(driver)
    result = run_cell(driver, 'n.setValue(10);')
    check('set-from-java-runs', result['status'] == 'ok', json.dumps(result))
    wait(driver, 'the readout to show 10', lambda d: text(d, '.widget-readout') == '10')
    check('set-from-java', text(driver, '.widget-readout') == '10', 'the readout shows %r' % text(driver, '.widget-readout'))
    handle = driver.find_element(By.CSS_SELECTOR, '.widget-slider .noUi-handle')
    check('set-from-java-handle', handle.get_attribute('aria-valuenow') == '10.0',
          'the handle says %r' % handle.get_attribute('aria-valuenow'))
    wait(driver, 'the chart to follow', lambda d: (image_bytes(d) or before)[1] != before[1])
    wait(driver, 'the Java label', lambda d: 'Java saw n = 10' in d.find_element(By.TAG_NAME, 'body').text)
    check('set-from-java-redraws', True, '')
    time.sleep(0.5)
    driver.save_screenshot(os.path.join(shots, '3-set-from-java.png'))

    # 5. The other controls: Play linked to a slider in the page, a dropdown, toggle buttons, a
    # checkbox, a button whose clicks run Java; each value read back in Java.
    result = run_cell(driver, CONTROLS)
    check('controls-run', result['status'] == 'ok', json.dumps(result))
    controls = driver.find_element(By.ID, result['cell'])
    wait(driver, 'the controls', lambda d: controls.find_elements(By.CSS_SELECTOR, '.widget-button'))
    check('html-rendered', controls.find_element(By.ID, 'bold').text == 'bold', 'no bold HTML')
    wait(driver, 'the captured line', lambda d: 'captured by' in controls.find_element(By.CSS_SELECTOR, '.widget-output').text)
    check('output-captures', 'captured by' not in result['text'],
          'the captured line also reached the cell: %r' % result['text'])
    Select(controls.find_element(By.CSS_SELECTOR, '.widget-dropdown select')).select_by_visible_text('tanh')
    controls.find_elements(By.CSS_SELECTOR, '.widget-toggle-button')[2].click()
    controls.find_element(By.CSS_SELECTOR, '.widget-checkbox input').click()
    button = controls.find_element(By.CSS_SELECTOR, '.widget-button')
    button.click()
    button.click()
    wait(driver, 'two clicks in the label', lambda d: 'clicks: 2' in controls.text)
    controls.find_element(By.CSS_SELECTOR, '.widget-play button').click()  # play: the linked slider runs
    wait(driver, 'the played slider', lambda d: int(controls.find_element(By.CSS_SELECTOR, '.widget-readout').text) >= 5)
    time.sleep(0.5)
    driver.save_screenshot(os.path.join(shots, '4-controls.png'))
    result = run_cell(driver, 'System.out.println(act.value() + " " + data.value() + " " + noise.value() + " " + clicks.get()'
                              ' + " " + (step.value() >= 5) + " " + (play.value() >= 5));')
    check('controls-seen-by-java', result['text'].strip() == 'tanh spiral false 2 true true',
          'Java read %r' % result['text'])
    result = run_cell(driver, 'System.out.println(out.state().get("outputs"));')
    check('output-state-from-page', 'captured by the Output widget' in result['text'],
          'the Output widget\'s outputs in Java: %r' % result['text'])

    errors = [e for e in driver.get_log('browser') if e['level'] == 'SEVERE' and 'favicon' not in e['message']]
    check('no-page-errors', not errors, json.dumps(errors)[:2000])
    print('done', flush=True)
except Exception:
    traceback.print_exc()
    if driver is not None:
        try:
            driver.save_screenshot(os.path.join(shots, 'failure.png'))
            for entry in driver.get_log('browser'):
                print('browser:', entry['level'], entry['message'][:500])
        except Exception:
            pass
    sys.exit(1)
finally:
    if driver is not None:
        driver.quit()
    if server is not None:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
