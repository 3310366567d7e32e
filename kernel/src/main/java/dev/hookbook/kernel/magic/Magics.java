package dev.hookbook.kernel.magic;

import dev.hookbook.kernel.eval.CellException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The line magics of a session, by name: {@code %classpath} (alias {@code %jars}), {@code %maven},
 * {@code %load}, {@code %chartformat} and {@code %lsmagic}. {@code %time} and {@code %%time} run
 * code, so the session runs them itself (see {@link TimeMagic}).
 */
public final class Magics {

    private final Map<String, Magic> byName = new TreeMap<>();

    /** The built-in magics. */
    public static Magics defaults() {
        Magics magics = new Magics();
        magics.register(new ClasspathMagic("classpath"));
        magics.register(new ClasspathMagic("jars"));
        magics.register(new MavenMagic());
        magics.register(new LoadMagic());
        magics.register(new ChartFormatMagic());
        magics.register(new ListMagics(magics));
        return magics;
    }

    /** Adds (or replaces) a magic. */
    public void register(Magic magic) {
        byName.put(magic.name(), magic);
    }

    /** The registered magics, by name. */
    public List<Magic> all() {
        return List.copyOf(byName.values());
    }

    /** Whether a cell line is a magic: it starts with {@code %} in its first column. */
    public static boolean isMagicLine(String line) {
        return line.startsWith("%");
    }

    /** Runs one magic line ({@code %name args}); a failure becomes the cell's error. */
    public void run(String line, MagicContext context) throws CellException {
        if (line.startsWith("%%")) {
            throw CellException.of(new IllegalArgumentException(
                    "the only cell magic is %%time, on the cell's first line; line magics are: " + names()));
        }
        List<String> words = split(line.substring(1));
        if (words.isEmpty()) {
            throw CellException.of(new IllegalArgumentException("a magic needs a name after %: " + names()));
        }
        Magic magic = byName.get(words.get(0));
        if (magic == null) {
            throw CellException.of(new IllegalArgumentException(
                    "unknown magic %" + words.get(0) + "; known magics are: " + names()));
        }
        try {
            magic.run(words.subList(1, words.size()), context);
        } catch (IllegalArgumentException e) {
            throw CellException.of(new IllegalArgumentException(e.getMessage() + "\nusage: %" + magic.name() + " " + magic.usage()));
        } catch (CellException e) {
            throw e;
        } catch (Exception e) {
            throw CellException.of(e);
        }
    }

    private String names() {
        return String.join(", ", byName.keySet().stream().map(name -> "%" + name).toList());
    }

    /** Splits arguments on blanks; double or single quotes keep blanks inside one argument. */
    static List<String> split(String arguments) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : arguments.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@code %lsmagic}: prints the magics and their usage. */
    private record ListMagics(Magics magics) implements Magic {
        @Override
        public String name() {
            return "lsmagic";
        }

        @Override
        public String usage() {
            return "(lists the magics)";
        }

        @Override
        public void run(List<String> arguments, MagicContext context) {
            magics.all().forEach(m -> System.out.println("%" + m.name() + " " + m.usage()));
            System.out.println(TimeMagic.USAGE);
        }
    }
}
