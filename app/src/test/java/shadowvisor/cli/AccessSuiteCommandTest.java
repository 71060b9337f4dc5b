package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code test} runs the access permutation suite (docs/ACCESS-SUITE.md) beside the manifest's
 * suites: one TAP line per mode, access kind and CPU mode, selected by {@code --filter} on the
 * names {@code access-KIND-CPUMODE} and planned only in modes that run paging guests.
 */
class AccessSuiteCommandTest {
    @Test
    void oneTapLinePerModeKindAndCpuModeWithItsCount() {
        Cli r = Cli.run("test", "--filter", "access-fetch-*", "--modes", "native,segment,hybrid,shadow-vtlb");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(List.of("TAP version 13", "1..4",
                "ok 1 - access: native fetch supervisor (1536 combinations)",
                "ok 2 - access: native fetch user (1536 combinations)",
                "ok 3 - access: shadow-vtlb fetch supervisor (1536 combinations)",
                "ok 4 - access: shadow-vtlb fetch user (1536 combinations)",
                "# 4 ok, 0 not ok, 0 skipped"), r.out().lines().toList());
    }

    @Test
    void listNamesTheGroupsAsTheFilterSeesThem() {
        Cli r = Cli.run("test", "--list", "--filter", "access-write-user", "--modes", "shadow-trace,shadow-vtlb/shadow-trace");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("access-write-user [shadow-trace]", "access-write-user [shadow-vtlb/shadow-trace]"),
                r.out().lines().toList());
    }

    @Test
    void aFilterOfAccessGroupsInModesWithoutPagingSelectsNothing() {
        Cli r = Cli.run("test", "--filter", "access*", "--modes", "segment,hybrid");
        assertEquals(2, r.status(), r.out() + r.err());
    }
}
