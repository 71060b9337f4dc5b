package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The design card's rule that the package graph stays acyclic, checked on the sources of every
 * module: a package depends on another when one of its main classes names a class of it (an
 * import or a qualified name, comments left out). A cycle fails with the packages that form it.
 */
class PackageGraphTest {
    private static final Pattern PACKAGE = Pattern.compile("^package (shadowvisor[\\w.]*);", Pattern.MULTILINE);
    /** A qualified reference to a class: lower-case package segments, then a capitalized name. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(shadowvisor(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*");

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("mmu/src/main/java")) && Files.isDirectory(p.resolve("hypervisor"))) {
                return p;
            }
        }
        throw new IllegalStateException("no checkout above " + Path.of("").toAbsolutePath());
    }

    private static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> g = new TreeMap<>();
        List<Path> sources = new ArrayList<>();
        for (String module : List.of("mmu", "guest-kernels", "hypervisor", "test-suites", "app", "bench")) {
            Path dir = root().resolve(module).resolve("src/main/java");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        for (Path source : sources) {
            String text = Files.readString(source).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
            Matcher pkg = PACKAGE.matcher(text);
            if (!pkg.find()) {
                continue;
            }
            String from = pkg.group(1);
            Set<String> to = g.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher ref = REFERENCE.matcher(text.substring(pkg.end()));
            while (ref.find()) {
                if (!ref.group(1).equals(from)) {
                    to.add(ref.group(1));
                }
            }
        }
        return g;
    }

    @Test
    void thePackageGraphIsAcyclic() throws IOException {
        Map<String, Set<String>> g = graph();
        assertTrue(g.size() > 20, "found the packages: " + g.keySet());
        assertTrue(g.get("shadowvisor.vmm").contains("shadowvisor.result"), "the graph has edges: " + g.get("shadowvisor.vmm"));
        Map<String, Integer> state = new TreeMap<>();
        for (String p : g.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = cycleFrom(p, g, state, path);
            assertFalse(cycle != null, () -> "a package cycle: " + String.join(" -> ", cycle));
        }
    }

    /** Depth first: the cycle through the path, or null. State 1 on the path, 2 done. */
    private static List<String> cycleFrom(String p, Map<String, Set<String>> g, Map<String, Integer> state,
                                          List<String> path) {
        Integer s = state.get(p);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(p), path.size()));
            cycle.add(p);
            return cycle;
        }
        state.put(p, 1);
        path.add(p);
        for (String q : g.getOrDefault(p, Set.of())) {
            List<String> c = cycleFrom(q, g, state, path);
            if (c != null) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        state.put(p, 2);
        return null;
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"));
        List<String> cycle = cycleFrom("a", g, new TreeMap<>(), new ArrayList<>());
        assertTrue(cycle != null && cycle.size() == 4, String.valueOf(cycle));
    }
}
