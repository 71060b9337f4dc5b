package shadowvisor.fuzz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Zeller and Hildebrandt's delta debugging, {@code ddmin} ("Simplifying and Isolating
 * Failure-Inducing Input", TSE 2002): from a list on which a test fails, a sublist (order kept)
 * on which it still fails and from which removing any one element makes it pass (1-minimal).
 * The list is split in {@code n} parts; a part that fails alone replaces the list, else a
 * complement that fails does, else the granularity doubles, until the parts are single
 * elements. {@code shadowvisor fuzz} minimizes a differing guest's steps with it. Results of the
 * test are cached, since ddmin asks for some sublists more than once.
 */
public final class Ddmin {
    private Ddmin() {
    }

    /**
     * A 1-minimal sublist of {@code input} on which {@code fails} holds (the empty list when it
     * holds there). {@code fails} must hold on {@code input}; it should be deterministic.
     */
    public static <T> List<T> minimize(List<T> input, Predicate<List<T>> fails) {
        Map<List<Integer>, Boolean> cache = new HashMap<>();
        Predicate<List<Integer>> test = idx -> cache.computeIfAbsent(List.copyOf(idx), k -> {
            List<T> sub = new ArrayList<>(k.size());
            for (int i : k) {
                sub.add(input.get(i));
            }
            return fails.test(sub);
        });
        List<Integer> c = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            c.add(i);
        }
        if (test.test(List.of())) {
            return List.of();
        }
        int n = 2;
        while (c.size() >= 2) {
            List<List<Integer>> parts = split(c, n);
            boolean reduced = false;
            for (List<Integer> part : parts) {
                if (test.test(part)) {
                    c = part;
                    n = 2;
                    reduced = true;
                    break;
                }
            }
            if (!reduced && n > 2) {
                for (List<Integer> part : parts) {
                    List<Integer> complement = new ArrayList<>(c);
                    complement.removeAll(part);
                    if (test.test(complement)) {
                        c = complement;
                        n = Math.max(n - 1, 2);
                        reduced = true;
                        break;
                    }
                }
            }
            if (!reduced) {
                if (n >= c.size()) {
                    break;
                }
                n = Math.min(2 * n, c.size());
            }
        }
        List<T> out = new ArrayList<>(c.size());
        for (int i : c) {
            out.add(input.get(i));
        }
        return out;
    }

    private static List<List<Integer>> split(List<Integer> c, int n) {
        List<List<Integer>> parts = new ArrayList<>(n);
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = start + (c.size() - start) / (n - i);
            parts.add(new ArrayList<>(c.subList(start, end)));
            start = end;
        }
        return parts;
    }
}
