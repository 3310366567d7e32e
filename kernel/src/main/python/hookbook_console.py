"""`jupyter console` with Ctrl-C that interrupts the running cell (what `./jnb console` starts).

jupyter_console (6.4 to 6.6 at least) installs its own SIGINT handler, which interrupts the
kernel while a cell runs, but prompt_toolkit replaces it while it reads a line and, when the
line is read, asyncio puts back Python's default handler instead (`remove_signal_handler`
restores `signal.default_int_handler`). From the second prompt on, Ctrl-C during a cell raises
KeyboardInterrupt in the console ("KeyboardInterrupt escaped interact()") and the kernel, in a
session of its own, never hears of it: the cell runs on, with ipykernel as with any kernel
(jupyter/jupyter_console#296). This puts the console's handler back after every prompt, so
Ctrl-C reaches the kernel as the console means it to: through `KernelManager.interrupt_kernel()`,
which follows the kernelspec's `interrupt_mode`.
"""
import signal
import sys

try:
    from jupyter_console.app import ZMQTerminalIPythonApp
    from jupyter_console.ptshell import ZMQTerminalInteractiveShell
except ImportError as e:
    sys.exit("jnb console: jupyter_console is not installed for %s (%s); install it, e.g. "
             "`apt install jupyter-console` or `pip install jupyter-console`" % (sys.executable, e))

_prompt_for_code = ZMQTerminalInteractiveShell.prompt_for_code


async def _prompt_then_restore_sigint(self):
    try:
        return await _prompt_for_code(self)
    finally:
        if ZMQTerminalIPythonApp.initialized():
            signal.signal(signal.SIGINT, ZMQTerminalIPythonApp.instance().handle_sigint)


ZMQTerminalInteractiveShell.prompt_for_code = _prompt_then_restore_sigint

if __name__ == "__main__":
    # A JShell completeness check can take longer than the console's 1 s under load, and one late
    # answer makes the console stop asking for good: give it 5 s unless the command line says otherwise.
    argv = sys.argv[1:]
    if not any(a.startswith("--ZMQTerminalInteractiveShell.kernel_is_complete_timeout") for a in argv):
        argv.append("--ZMQTerminalInteractiveShell.kernel_is_complete_timeout=5")
    sys.exit(ZMQTerminalIPythonApp.launch_instance(argv))
