package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.RunIds;
import dev.afk.sim.Behaviour;
import dev.afk.sim.GitHubSimulator;
import dev.afk.sim.SimRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, the rate-limit guard (GitHub only): while the requests left in GitHub's window (its x-ratelimit-* headers,
 * as the simulator sends them: docs/reference/trackers.md) are under AFK_RATELIMIT_RESERVE, until the reset, the
 * poll does not list the repos with nothing in flight, and the watch skips the per-run comment read; once the
 * window resets everything is read again and the waiting issue is dispatched. Logged once each way, in the status
 * view and the metrics.
 */
class GitHubRateLimitGuardE2ETest extends E2eSupport {

    @Override
    String tracker() {
        return "github";
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
    }

    private long trackerGets(String path, String queryContains) {
        return sandbox.trackerSim().requests().stream()
                .filter((SimRequest r) -> r.method().equals("GET") && r.path().equals(path)
                        && (r.query() == null ? "" : r.query()).contains(queryContains))
                .count();
    }

    @Test
    void underTheReserveThePollSkipsIdleReposAndTheWatchReadsOnlyWhatItNeedsUntilTheReset() throws Exception {
        sandbox.repo("acme/busy");
        sandbox.repo("acme/idle");
        sandbox.readyIssue("acme/busy", "Work", "", Behaviour.STALLS);
        GitHubSimulator github = (GitHubSimulator) sandbox.trackerSim();
        github.setRateLimit(5000, Duration.ofMinutes(30));
        int port = Plane.freePort();
        try (AfkLog log = AfkLog.attach()) {
            // 100%: any window that has been used at all is under the reserve until it resets.
            startPlane("acme/busy,acme/idle", Map.of("afk.ratelimit-reserve", "100%",
                    "camel.management.enabled", "true", "camel.management.port", Integer.toString(port),
                    "camel.server.port", Integer.toString(port)));
            assertThat(get(port, "/observe/metrics"))
                    .containsPattern("afk_breaker_open\\{[^}]*breaker=\"ratelimit\"[^}]*} 0.0");

            plane.poll(); // no header seen before this tick: everything is listed, busy#1 is dispatched
            assertThat(sandbox.t3().thread(RunIds.threadId(key("acme/busy", 1), 1))).isPresent();
            plane.watch(); // the in-progress listings: busy has a run, idle has none

            long stopReads = trackerGets("/repos/acme/busy/issues/1/comments", "since=");
            long idleListings = trackerGets("/repos/acme/idle/issues", "");
            long busyListings = trackerGets("/repos/acme/busy/issues", "");
            sandbox.readyIssue("acme/idle", "Waiting", "", Behaviour.STALLS);
            clock.advance(Duration.ofSeconds(30));
            plane.poll();
            plane.watch();
            plane.poll();

            assertThat(trackerGets("/repos/acme/idle/issues", "") - idleListings).as("idle repo's poll listings")
                    .isEqualTo(1); // only the watch's in-progress listing
            // Two polls of three listings each (queue, locks, holds) and the watch's in-progress listing.
            assertThat(trackerGets("/repos/acme/busy/issues", "") - busyListings).as("busy repo still listed")
                    .isEqualTo(7);
            assertThat(trackerGets("/repos/acme/busy/issues/1/comments", "since=")).as("no /afk stop read")
                    .isEqualTo(stopReads);
            assertThat(labels("acme/idle", 1)).contains(READY).doesNotContain(IN_PROGRESS);
            assertThat(log.containing("GitHub rate-limit guard on")).hasSize(1);
            assertThat(log.containing("GitHub rate-limit guard on").get(0)).startsWith("WARN")
                    .contains("AFK_RATELIMIT_RESERVE=100%");
            assertThat(get(port, "/afk/status")).contains("\"ratelimit\" : {", "\"open\" : true",
                    "requests left in GitHub's window", "the poll does not list (nothing in flight): acme/idle");
            assertThat(get(port, "/observe/metrics"))
                    .containsPattern("afk_breaker_open\\{[^}]*breaker=\"ratelimit\"[^}]*} 1.0")
                    .containsPattern("afk_breaker_trips_total\\{[^}]*breaker=\"ratelimit\"[^}]*} 1.0");

            // The window resets: everything is read again, and the idle repo's issue goes out.
            clock.advance(Duration.ofMinutes(31));
            plane.poll();
            assertThat(log.containing("GitHub rate-limit guard off")).hasSize(1);
            assertThat(sandbox.t3().thread(RunIds.threadId(key("acme/idle", 1), 1))).isPresent();
            // (With a reserve of 100% the new window is under it again after its first request: the next ticks
            // would skip again, and log it once more.)
        }
        assertNoContractViolations();
    }
}
