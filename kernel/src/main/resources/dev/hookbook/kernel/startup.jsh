// Hookbook's JShell start-up: the engine, the viz and the everyday JDK packages, imported.
import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import java.nio.file.*;
import dev.hookbook.*;
import dev.hookbook.tensor.*;
import dev.hookbook.autograd.*;
import dev.hookbook.nn.*;
import dev.hookbook.optim.*;
import dev.hookbook.io.*;
import dev.hookbook.data.*;
import dev.hookbook.trace.*;
import dev.hookbook.display.*;
