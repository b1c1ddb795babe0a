package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.e2e.TestClock;
import dev.afk.sim.T3Simulator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared set-up of the T3 route tests: the real {@code routes/t3.camel.yaml} (and nothing else) over loopback HTTP
 * against a {@link T3Simulator} with one project; every test ends by asserting the simulator saw no contract
 * violation. The simulator runs on {@link #t3Clock}, years away from AFK's own clock, so a time T3 recorded can never
 * be mistaken for one AFK stamped. Test properties: 2 retries, 5 ms base delay, 400 ms response timeout.
 */
abstract class T3RoutesBaseTest extends RouteTestSupport {

    static final String TOKEN = "t3-test-token-7f1c";
    static final String PROJECT = "26c49278-a6e3-42d4-888d-2623071474ff";

    /** T3's clock: far from the wall clock AFK's {@code t3Steps} stamps its requests with. */
    static final TestClock t3Clock = new TestClock(Instant.parse("2031-03-04T05:06:07Z"));

    static T3Simulator t3;
    static Path tokenFile;

    @Override
    List<String> routeFiles() {
        return List.of("t3");
    }

    @BeforeAll
    static void startT3() {
        tokenFile = tokenFile("t3-token", TOKEN);
        t3 = new T3Simulator(0, t3Clock, TOKEN).start();
        t3.createProject(PROJECT, "/srv/checkouts/acme-widgets");
    }

    @AfterAll
    static void stopT3() {
        t3.close();
    }

    @BeforeEach
    void resetT3() {
        t3.clearRequests();
        t3.clearFaults();
        t3.clearViolations(); // one test's violation fails that test, not every test after it
    }

    @AfterEach
    void noContractViolations() {
        assertThat(t3.violations()).isEmpty();
    }

    @Override
    protected void configure(Properties p) {
        p.put("afk.t3-url", t3.baseUrl());
        p.put("afk.t3-token-file", tokenFile.toString());
        p.put("afk.t3-projects", "acme/widgets=" + PROJECT + ",acme/orphans=no-such-project");
        p.put("afk.t3-model", "claudeAgent/claude-sonnet-5");
        p.put("afk.http-connect-timeout-ms", "1000");
        p.put("afk.http-response-timeout-ms", "400");
        p.put("afk.http.retries", "2");
        p.put("afk.http.retry-delay-ms", "5");
        p.put("afk.http.retry-max-delay-ms", "20");
    }

    static Issue issue(String repo, int number) {
        return new Issue(IssueKey.of(repo, number), "Widget list ignores the page size",
                "GET /widgets?limit=10 returns 50 items.", Set.of("ready-for-agent"), "alice",
                Instant.parse("2026-11-20T10:00:00Z"), true, false, "https://git.example/" + repo + "/issues/" + number);
    }
}
