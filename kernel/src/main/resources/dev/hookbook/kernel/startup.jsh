// Hookbook's JShell start-up: the engine, the viz and the everyday JDK packages, imported.
import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import java.nio.file.*;
import dev.hookbook.*;
import dev.hookbook.tensor.*;
import dev.hookbook.autograd.*;
import dev.hookbook.nn.*;
import dev.hookbook.nn.utils.*;
import dev.hookbook.optim.*;
import dev.hookbook.io.*;
import dev.hookbook.data.*;
import dev.hookbook.trace.*;
import dev.hookbook.widgets.*;
import dev.hookbook.viz.*;
import dev.hookbook.display.*;
import dev.hookbook.interp.*;
import dev.hookbook.models.*;
// Single-type imports win over the wildcards above: Function is not java.util.function.Function,
// and Module is not java.lang.Module.
import dev.hookbook.autograd.Function;
import dev.hookbook.nn.Module;

// display(value) shows a value as a rich output in a notebook (printed in plain JShell) and
// returns a handle whose update(newValue) replaces that output in place.
DisplayHandle display(Object value) { return dev.hookbook.kernel.eval.DisplayFunction.display(value); }
