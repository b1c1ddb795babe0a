package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.RunIds;
import dev.afk.sim.Behaviour;
import dev.afk.sim.SimFault;
import dev.afk.sim.SimRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, T3 down: T3 failing every dispatch (here a 503 from whatever fronts it, and its fleet read failing too)
 * trips the T3 breaker after AFK_T3_BREAKER_FAILURES dispatches in a row across the repos; then no dispatch is
 * attempted, the queue and the status view say T3_DOWN, and the metrics show the breaker open. When T3 heals, the
 * next poll's fleet read closes it and the queue is dispatched.
 */
class T3DownE2ETest extends E2eSupport {

    private static final String DISPATCH = "/api/orchestration/dispatch";
    private static final String SHELL = "/api/orchestration/shell";

    private static String get(int port, String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
    }

    private long t3Requests(String method, String path) {
        return sandbox.t3().requests().stream()
                .filter((SimRequest r) -> r.method().equals(method) && r.path().equals(path)).count();
    }

    @Test
    void t3FailingEveryDispatchStopsDispatchAttemptsWithAClearStatusAndAHealedT3ResumesThem() throws Exception {
        for (String repo : new String[] {"acme/a", "acme/b", "acme/c", "acme/d"}) {
            sandbox.repo(repo);
            sandbox.readyIssue(repo, "Work in " + repo, "", Behaviour.STALLS);
        }
        sandbox.t3().inject(SimFault.reply("POST", DISPATCH, 503, "", -1));
        sandbox.t3().inject(SimFault.reply("GET", SHELL, 503, "", -1));
        int port = Plane.freePort();
        try (AfkLog log = AfkLog.attach()) {
            startPlane("acme/a,acme/b,acme/c,acme/d", Map.of("afk.max-in-flight", "4",
                    "camel.management.enabled", "true", "camel.management.port", Integer.toString(port),
                    "camel.server.port", Integer.toString(port)));
            assertThat(get(port, "/observe/metrics")).as("registered at start")
                    .containsPattern("afk_breaker_open\\{[^}]*breaker=\"t3\"[^}]*} 0.0")
                    .containsPattern("afk_breaker_trips_total\\{[^}]*breaker=\"t3\"[^}]*} 0.0");

            plane.poll();
            long attempted = t3Requests("POST", DISPATCH);
            assertThat(attempted).as("dispatch requests sent while T3 failed them").isPositive();
            assertThat(log.containing("T3 breaker open")).as("one line on the trip").hasSize(1);
            assertThat(log.containing("T3 breaker open").get(0)).startsWith("WARN")
                    .contains("3 dispatches in a row", "HTTP 503");
            assertThat(log.containing("T3_DOWN")).as("the fourth issue was not attempted").hasSize(1);

            assertThat(t3Requests("GET", SHELL)).as("no probe in the tick that tripped it").isZero();
            plane.poll();
            long oneRead = t3Requests("GET", SHELL); // one fleet read, with the kernel's retries of a GET
            assertThat(oneRead).isPositive();
            plane.poll();
            assertThat(t3Requests("POST", DISPATCH)).as("no dispatch attempt while the breaker is open")
                    .isEqualTo(attempted);
            assertThat(t3Requests("GET", SHELL)).as("one fleet read per poll tick probes T3").isEqualTo(2 * oneRead);
            plane.watch();
            assertThat(t3Requests("GET", SHELL)).as("the watch still reads the fleet").isEqualTo(3 * oneRead);

            String status = get(port, "/afk/status");
            assertThat(status).contains("\"t3\" : {", "\"open\" : true", "no dispatch until a fleet read succeeds")
                    .contains("\"acme/a#1\" : \"T3_DOWN", "\"acme/d#1\" : \"T3_DOWN");
            assertThat(get(port, "/")).contains("Breakers open (1)", "T3 refused or failed 3 dispatches in a row");
            assertThat(get(port, "/observe/metrics"))
                    .containsPattern("afk_breaker_open\\{[^}]*breaker=\"t3\"[^}]*} 1.0")
                    .containsPattern("afk_breaker_trips_total\\{[^}]*breaker=\"t3\"[^}]*} 1.0");
            assertThat(sandbox.t3().threads()).isEmpty();
            for (String repo : new String[] {"acme/a", "acme/b", "acme/c", "acme/d"}) {
                assertThat(labels(repo, 1)).as(repo + " still queued, nothing handed back").contains(READY)
                        .doesNotContain(HUMAN);
            }
            assertThat(sandbox.slack().messages()).as("no doorbell for a T3 outage").isEmpty();

            // T3 heals: the next poll's fleet read closes the breaker, and the queue goes out in that tick.
            sandbox.t3().clearFaults();
            plane.poll();
            assertThat(log.containing("T3 breaker closed")).as("one line on the recovery").hasSize(1);
            assertThat(log.containing("T3 breaker closed").get(0)).startsWith("INFO");
            for (String repo : new String[] {"acme/a", "acme/b", "acme/c", "acme/d"}) {
                assertThat(sandbox.t3().thread(RunIds.threadId(key(repo, 1), 1))).as(repo).isPresent();
                assertThat(labels(repo, 1)).contains(IN_PROGRESS).doesNotContain(READY);
            }
            assertThat(get(port, "/afk/status")).doesNotContain("T3_DOWN").contains("\"t3\" : {\n");
            assertThat(get(port, "/observe/metrics"))
                    .containsPattern("afk_breaker_open\\{[^}]*breaker=\"t3\"[^}]*} 0.0");
            assertThat(log.containing("T3 breaker open")).hasSize(1);
        }
        assertNoContractViolations();
    }

    @Test
    void aTrackerFailureDuringDispatchSaysNothingAboutT3() {
        sandbox.repo("acme/a");
        sandbox.readyIssue("acme/a", "Work", "", Behaviour.STALLS);
        startPlane("acme/a", Map.of("afk.t3-breaker-failures", "1"));
        sandbox.trackerSim().inject(SimFault.reply("GET", ".*/issues/1", 500, "{\"message\":\"down\"}", -1));

        plane.poll();
        plane.poll();

        assertThat(t3Requests("GET", SHELL)).as("the breaker never opened: no probe").isZero();
        sandbox.trackerSim().clearFaults();
        plane.poll();
        assertThat(sandbox.t3().thread(RunIds.threadId(key("acme/a", 1), 1))).isPresent();
    }
}
