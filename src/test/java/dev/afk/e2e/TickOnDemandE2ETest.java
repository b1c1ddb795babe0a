package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.sim.Behaviour;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tick on demand (issue 11 item 8) over real HTTP on the management port: {@code POST /afk/tick/poll} dispatches
 * now and {@code POST /afk/tick/watch} drives the runs now, each answering what it did; while disarmed both are
 * refused with 409 and the reason and do no I/O; while draining or halting the poll is refused and the watch runs;
 * {@code GET} is 405.
 */
class TickOnDemandE2ETest extends E2eSupport {

    private int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Path startArmedByFile(String repos) throws Exception {
        Path file = secrets.resolve("kill-switch");
        Files.writeString(file, "false\n");
        port = Plane.freePort();
        startPlane(repos, Map.of("afk.kill-switch-file", file.toString(),
                "camel.management.enabled", "true", "camel.management.port", Integer.toString(port),
                "camel.server.port", Integer.toString(port)));
        return file;
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void clearRequests() {
        sandbox.trackerSim().clearRequests();
        sandbox.t3().clearRequests();
        sandbox.slack().clearRequests();
    }

    @Test
    void aPostedPollTickDispatchesNowAndAPostedWatchTickDrivesTheRunAndGetIs405() throws Exception {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "Ready now", "", Behaviour.SUCCEEDS);
        startArmedByFile("acme/widgets");

        HttpResponse<String> poll = send("POST", "/afk/tick/poll");

        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(poll.body()).contains("\"tick\" : \"poll\"", "\"ran\" : true", "\"state\" : \"armed\"",
                "\"dispatching\" : [ \"acme/widgets#1\" ]");
        assertThat(labels("acme/widgets", 1)).as("dispatched by the posted tick").contains(IN_PROGRESS);

        sandbox.script().pump();
        HttpResponse<String> watch = send("POST", "/afk/tick/watch");

        assertThat(watch.statusCode()).isEqualTo(200);
        assertThat(watch.body()).contains("\"tick\" : \"watch\"", "\"ran\" : true", "\"runs\" : 1");
        assertThat(sandbox.t3().requests()).as("the watch read the fleet").isNotEmpty();

        for (String path : new String[] {"/afk/tick/poll", "/afk/tick/watch"}) {
            clearRequests();
            HttpResponse<String> get = send("GET", path);
            assertThat(get.statusCode()).as("GET " + path).isEqualTo(405);
            assertThat(sandbox.trackerSim().requests()).as("GET runs no tick").isEmpty();
            assertThat(sandbox.t3().requests()).isEmpty();
        }
    }

    @Test
    void disarmedRefusesBothWith409AndTheReasonAndDoesNoIo() throws Exception {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "Ready", "", Behaviour.SUCCEEDS);
        Path file = startArmedByFile("acme/widgets");
        Files.writeString(file, "true");
        clearRequests();

        for (String tick : new String[] {"poll", "watch"}) {
            HttpResponse<String> r = send("POST", "/afk/tick/" + tick);
            assertThat(r.statusCode()).as(tick).isEqualTo(409);
            assertThat(r.body()).contains("\"tick\" : \"" + tick + "\"", "\"ran\" : false",
                    "\"state\" : \"disarmed\"", "\"refusedBecause\" : \"disarmed: AFK_KILL_SWITCH_FILE " + file
                            + " says true\"");
        }
        assertThat(sandbox.trackerSim().requests()).isEmpty();
        assertThat(sandbox.t3().requests()).isEmpty();
        assertThat(labels("acme/widgets", 1)).containsExactly(READY);
    }

    @Test
    void drainingOrHaltingRefusesThePollButRunsTheWatch() throws Exception {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "Ready", "", Behaviour.SUCCEEDS);
        Path file = startArmedByFile("acme/widgets");
        for (String value : new String[] {"drain", "halt"}) {
            Files.writeString(file, value);
            String state = value.equals("drain") ? "draining" : "halting";
            clearRequests();

            HttpResponse<String> poll = send("POST", "/afk/tick/poll");
            assertThat(poll.statusCode()).as(value).isEqualTo(409);
            assertThat(poll.body()).contains("\"state\" : \"" + state + "\"", "\"refusedBecause\" : \"" + state
                    + ": AFK_KILL_SWITCH_FILE " + file + " says " + value, "(a watch tick is allowed)");
            assertThat(sandbox.trackerSim().requests()).as("a refused poll does no I/O").isEmpty();

            HttpResponse<String> watch = send("POST", "/afk/tick/watch");
            assertThat(watch.statusCode()).as(value).isEqualTo(200);
            assertThat(watch.body()).contains("\"ran\" : true", "\"state\" : \"" + state + "\"");
            assertThat(sandbox.trackerSim().requests()).as("the watch listed the runs").isNotEmpty();
        }
        assertThat(labels("acme/widgets", 1)).as("nothing dispatched").containsExactly(READY);
    }
}
