package dev.hookbook.kernel.eval;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;

import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Javadoc of Hookbook's own classes, for inspect (Shift-Tab). JShell finds Javadoc only in the
 * JDK's {@code src.zip}, so the kernel's jar carries the sources of the engine and the viz
 * (under {@value #ROOT}, with {@value #INDEX} listing them), and this class reads the comment of
 * the class, method, constructor or field that JShell's signature names, parsing only that file.
 */
final class SourceDocs {

    static final String ROOT = "/dev/hookbook/kernel/sources/";
    static final String INDEX = "sources.txt";

    private static final Map<String, Optional<CompilationUnit>> PARSED = new ConcurrentHashMap<>();
    private static volatile List<String> files;

    private SourceDocs() {}

    /**
     * The Javadoc of what {@code signature} names, as JShell writes it: {@code Tensor Module.call(Tensor... inputs)},
     * {@code Linear(int inFeatures, int outFeatures)}, {@code int Linear.inFeatures} or {@code dev.hookbook.tensor.Tensor}.
     */
    static Optional<String> javadoc(String signature) {
        Signature parsed = Signature.parse(signature);
        if (parsed == null) {
            return Optional.empty();
        }
        for (String file : filesFor(parsed.owners().get(0))) {
            Optional<String> doc = parse(file).flatMap(unit -> unit.javadoc(parsed));
            if (doc.isPresent()) {
                return doc;
            }
        }
        return Optional.empty();
    }

    /** The shipped source files whose top-level class is {@code simpleName}. */
    private static List<String> filesFor(String simpleName) {
        List<String> matches = new ArrayList<>();
        for (String file : files()) {
            if (file.endsWith("/" + simpleName + ".java")) {
                matches.add(file);
            }
        }
        return matches;
    }

    private static List<String> files() {
        if (files == null) {
            try (InputStream in = SourceDocs.class.getResourceAsStream(ROOT + INDEX)) {
                files = in == null ? List.of() : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> line.endsWith(".java")).toList();
            } catch (IOException e) {
                files = List.of();
            }
        }
        return files;
    }

    private static Optional<CompilationUnit> parse(String file) {
        return PARSED.computeIfAbsent(file, name -> {
            try (InputStream in = SourceDocs.class.getResourceAsStream(ROOT + name)) {
                if (in == null) {
                    return Optional.empty();
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
                SimpleJavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + name), SimpleJavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return text;
                    }
                };
                JavacTask task = (JavacTask) compiler.getTask(null, null, diagnostic -> { }, List.of("-proc:none"), null, List.of(source));
                CompilationUnitTree unit = task.parse().iterator().next();
                return Optional.of(new CompilationUnit(unit, DocTrees.instance(task)));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /** One parsed file and the doc comments in it. */
    private record CompilationUnit(CompilationUnitTree tree, DocTrees docs) {

        Optional<String> javadoc(Signature signature) {
            TreePath path = new TreePath(tree);
            List<? extends Tree> members = tree.getTypeDecls();
            for (String owner : signature.owners()) {
                Optional<? extends Tree> type = members.stream()
                        .filter(t -> t instanceof ClassTree c && c.getSimpleName().contentEquals(owner)).findFirst();
                if (type.isEmpty()) {
                    return Optional.empty();
                }
                path = new TreePath(path, type.get());
                members = ((ClassTree) type.get()).getMembers();
            }
            if (signature.member() == null) {
                return comment(path);
            }
            Tree best = null;
            int bestScore = 0;
            for (Tree member : members) {
                int score = signature.match(member);
                if (score > bestScore) {
                    best = member;
                    bestScore = score;
                }
            }
            return best == null ? Optional.empty() : comment(new TreePath(path, best));
        }

        private Optional<String> comment(TreePath path) {
            String comment = docs.getDocComment(path);
            return comment == null || comment.isBlank() ? Optional.empty() : Optional.of(comment.strip());
        }
    }

    /**
     * What a JShell signature names: the classes from the top-level one in, and the member (null
     * for the class itself; {@code <init>} for a constructor) with its parameter names when it has any.
     */
    record Signature(List<String> owners, String member, List<String> parameters) {

        static Signature parse(String signature) {
            String text = signature.strip();
            int open = text.indexOf('(');
            String head = open < 0 ? text : text.substring(0, open);
            int space = topLevelLastSpace(head);
            String qualified = head.substring(space + 1);
            List<String> names = new ArrayList<>(List.of(qualified.split("\\.")));
            // Package segments (dev.hookbook.tensor.Tensor) come before the first capitalised name.
            while (!names.isEmpty() && !Character.isUpperCase(names.get(0).charAt(0))) {
                names.remove(0);
            }
            if (names.isEmpty()) {
                return null;
            }
            boolean constructor = open >= 0 && space < 0;
            boolean typeOnly = open < 0 && space < 0;
            if (constructor || typeOnly) {
                return new Signature(names, constructor ? "<init>" : null, constructor ? parameters(text, open) : null);
            }
            String member = names.remove(names.size() - 1);
            return names.isEmpty() ? null : new Signature(names, member, open < 0 ? null : parameters(text, open));
        }

        /** How well {@code member} fits: 0 not at all, 1 the name, 2 the name and the count of parameters, 3 their names too. */
        int match(Tree member) {
            if (member instanceof MethodTree method && parameters != null) {
                String name = method.getName().contentEquals("<init>") ? "<init>" : method.getName().toString();
                if (!name.equals(this.member)) {
                    return 0;
                }
                List<String> names = method.getParameters().stream().map(p -> p.getName().toString()).toList();
                return names.equals(parameters) ? 3 : names.size() == parameters.size() ? 2 : 1;
            }
            if (member instanceof VariableTree field && parameters == null) {
                return field.getName().contentEquals(this.member) ? 3 : 0;
            }
            if (member instanceof ClassTree type && parameters == null) {
                return type.getSimpleName().contentEquals(this.member) ? 3 : 0;
            }
            return 0;
        }

        private static List<String> parameters(String text, int open) {
            int close = text.lastIndexOf(')');
            String inside = close > open ? text.substring(open + 1, close).strip() : "";
            List<String> names = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i <= inside.length(); i++) {
                char c = i < inside.length() ? inside.charAt(i) : ',';
                depth += c == '<' ? 1 : c == '>' ? -1 : 0;
                if (c == ',' && depth == 0) {
                    String parameter = inside.substring(start, i).strip();
                    if (!parameter.isEmpty()) {
                        names.add(parameter.substring(parameter.lastIndexOf(' ') + 1));
                    }
                    start = i + 1;
                }
            }
            return names;
        }

        /** The last space outside type arguments ({@code Map<String, Tensor> Module.stateDict}). */
        private static int topLevelLastSpace(String head) {
            int depth = 0;
            int last = -1;
            for (int i = 0; i < head.length(); i++) {
                char c = head.charAt(i);
                depth += c == '<' ? 1 : c == '>' ? -1 : 0;
                if (c == ' ' && depth == 0) {
                    last = i;
                }
            }
            return last;
        }
    }
}
