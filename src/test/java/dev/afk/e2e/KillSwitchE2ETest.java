package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.RunIds;
import dev.afk.plane.PlaneStatus;
import dev.afk.sim.Behaviour;
import dev.afk.sim.T3Simulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live kill switch, end to end (real YAML routes over loopback against the simulators): a configured
 * AFK_KILL_SWITCH_FILE fails closed (missing, unreadable, empty, unknown: disarmed, zero I/O, and the reason in the
 * log once, in the status view and in the metrics), {@code drain} stops new dispatches while the watch still drives
 * runs in flight to their end, {@code halt} stops every run in flight and hands it back, and {@code false} hands the
 * decision back to the start-up keys.
 */
class KillSwitchE2ETest extends E2eSupport {

    private int port;

    private void startWith(Path file) {
        port = Plane.freePort();
        startPlane("acme/widgets,acme/gadgets", Map.of("afk.kill-switch-file", file.toString(),
                "camel.management.enabled", "true", "camel.management.port", Integer.toString(port),
                "camel.server.port", Integer.toString(port)));
    }

    private String get(String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private Map<String, Object> status() {
        return ((PlaneStatus) plane.context().getRegistry().lookupByName("planeStatus")).view();
    }

    @SuppressWarnings("unchecked")
    private String lastSkip(String tick) {
        return String.valueOf(((Map<String, Object>) status().get(tick)).get("skippedBecause"));
    }

    private void clearRequests() {
        sandbox.trackerSim().clearRequests();
        sandbox.t3().clearRequests();
        sandbox.slack().clearRequests();
    }

    private void assertZeroRequests() {
        assertThat(sandbox.trackerSim().requests()).as("tracker requests").isEmpty();
        assertThat(sandbox.t3().requests()).as("T3 requests").isEmpty();
        assertThat(sandbox.slack().requests()).as("Slack requests").isEmpty();
    }

    /** Two repos, one ready issue each; acme/widgets#1 is dispatched (armed by a file saying false). */
    private Path armedWithOneRunInFlight(Behaviour behaviour) throws Exception {
        sandbox.repo("acme/widgets");
        sandbox.repo("acme/gadgets");
        sandbox.readyIssue("acme/widgets", "In flight", "", behaviour);
        Path file = secrets.resolve("kill-switch");
        Files.writeString(file, "false\n");
        startWith(file);
        plane.poll();
        assertThat(labels("acme/widgets", 1)).contains(IN_PROGRESS);
        sandbox.readyIssue("acme/gadgets", "Waiting", "", Behaviour.SUCCEEDS);
        return file;
    }

    @Test
    void aMissingFileDisarmsSaysWhyOnceInTheLogTheStatusAndTheMetricsAndDoesZeroIo() throws Exception {
        sandbox.repo("acme/widgets");
        sandbox.repo("acme/gadgets");
        sandbox.readyIssue("acme/widgets", "Ready", "", Behaviour.SUCCEEDS);
        clearRequests();
        Path file = secrets.resolve("no-such-dir").resolve("kill-switch");

        try (AfkLog log = AfkLog.attach()) {
            startWith(file);
            for (int i = 0; i < 3; i++) {
                plane.poll();
                plane.watch();
            }

            assertZeroRequests();
            assertThat(labels("acme/widgets", 1)).containsExactly(READY);
            String json = get("/afk/status");
            assertThat(json).contains("\"armed\" : false", "\"state\" : \"disarmed\"",
                    "\"disarmedBecause\" : \"AFK_KILL_SWITCH_FILE " + file + " does not exist (fail closed");
            assertThat(lastSkip("lastPoll")).startsWith("disarmed: AFK_KILL_SWITCH_FILE").contains("does not exist");
            assertThat(lastSkip("lastWatch")).startsWith("disarmed: AFK_KILL_SWITCH_FILE");
            String metrics = get("/observe/metrics");
            assertThat(metrics).containsPattern("(?m)^afk_armed(\\{[^}]*})? 0\\.0$")
                    .containsPattern("(?m)^afk_plane_state\\{[^}]*state=\"disarmed\"[^}]*} 1\\.0$")
                    .containsPattern("(?m)^afk_plane_state\\{[^}]*state=\"draining\"[^}]*} 0\\.0$")
                    .containsPattern("(?m)^afk_plane_state\\{[^}]*state=\"armed\"[^}]*} 0\\.0$");
            assertThat(log.containing("does not exist")).as("one WARN for the change, not one per tick or read")
                    .hasSize(1).allMatch(l -> l.startsWith("WARN AFK is disarmed: AFK_KILL_SWITCH_FILE " + file));
            assertZeroRequests();

            Files.createDirectories(file.getParent());
            Files.writeString(file, "false");
            plane.poll();

            assertThat(labels("acme/widgets", 1)).as("false lets the start-up keys arm").contains(IN_PROGRESS);
            assertThat(log.containing("AFK is armed for")).hasSize(1);
            assertThat(get("/observe/metrics")).containsPattern("(?m)^afk_armed(\\{[^}]*})? 1\\.0$")
                    .containsPattern("(?m)^afk_plane_state\\{[^}]*state=\"armed\"[^}]*} 1\\.0$");
            assertThat(status()).containsEntry("armed", true).containsEntry("state", "armed")
                    .doesNotContainKey("disarmedBecause");
        }
    }

    @Test
    void drainStopsNewDispatchesWhileTheRunInFlightIsWatchedToClosed() throws Exception {
        Path file = armedWithOneRunInFlight(Behaviour.SUCCEEDS);
        Files.writeString(file, " Drain\n");
        clearRequests();

        plane.poll();

        assertZeroRequests();
        assertThat(status()).containsEntry("armed", false).containsEntry("state", "draining")
                .hasEntrySatisfying("disarmedBecause", why -> assertThat(why.toString()).contains("says drain"));
        assertThat(lastSkip("lastPoll")).startsWith("draining: AFK_KILL_SWITCH_FILE " + file + " says drain");

        roundsUntil(() -> !issue("acme/widgets", 1).open(), 30);

        assertThat(record("acme/widgets", 1).orElseThrow().ended()).isTrue();
        assertThat(labels("acme/widgets", 1)).doesNotContain(IN_PROGRESS, READY);
        assertThat(labels("acme/gadgets", 1)).as("nothing new is dispatched while draining").containsExactly(READY);
        assertThat(afkComments("acme/gadgets", 1)).isEmpty();
        assertThat(sandbox.t3().threads()).extracting(T3Simulator.ThreadSnapshot::id)
                .containsExactly(RunIds.threadId(key("acme/widgets", 1), 1));
        assertThat(status()).containsEntry("state", "draining");

        Files.writeString(file, "false");
        plane.poll();

        assertThat(labels("acme/gadgets", 1)).as("false lets the start-up keys arm again").contains(IN_PROGRESS);
    }

    @Test
    void anUnreadableFileADirectoryDisarmsAndEvenARunInFlightIsLeftAlone() throws Exception {
        Path file = armedWithOneRunInFlight(Behaviour.STALLS);
        Files.delete(file);
        Files.createDirectory(file);
        clearRequests();

        for (int i = 0; i < 3; i++) {
            plane.watch();
            plane.poll();
        }

        assertZeroRequests();
        assertThat(labels("acme/gadgets", 1)).containsExactly(READY);
        assertThat(status()).containsEntry("armed", false).containsEntry("state", "disarmed")
                .hasEntrySatisfying("disarmedBecause", why -> assertThat(why.toString())
                        .isEqualTo("AFK_KILL_SWITCH_FILE " + file + " cannot be read: it is a directory (fail "
                                + "closed: write false, drain or true into it)"));
    }

    @Test
    void anEmptyFileAndAnUnknownValueEachDisarmWithTheirOwnReasonLoggedOnce() throws Exception {
        Path file = armedWithOneRunInFlight(Behaviour.STALLS);
        try (AfkLog log = AfkLog.attach()) {
            for (String value : new String[] {"", "yes"}) {
                Files.writeString(file, value);
                clearRequests();

                plane.watch();
                plane.poll();
                plane.watch();

                assertZeroRequests();
                assertThat(status()).containsEntry("state", "disarmed");
            }
            assertThat(labels("acme/gadgets", 1)).containsExactly(READY);
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN AFK is disarmed"))
                    .as("one WARN per change of state")
                    .satisfiesExactly(
                            l -> assertThat(l).contains(file + " is empty (fail closed"),
                            l -> assertThat(l).contains(file + " holds 'yes', which AFK does not know"));
        }
    }

    @Test
    void haltStopsTheRunningAgentConfirmsItHandsTheRunBackAsHaltedAndDispatchesNothing() throws Exception {
        Path file = armedWithOneRunInFlight(Behaviour.STALLS);
        sandbox.script().pump(); // the agent starts its turn
        clock.advance(java.time.Duration.ofSeconds(5));
        plane.watch();
        String thread = RunIds.threadId(key("acme/widgets", 1), 1);
        assertThat(sandbox.t3().thread(thread).orElseThrow().sessionStatus()).as("precondition: running")
                .isEqualTo("running");
        try (AfkLog log = AfkLog.attach()) {
            Files.writeString(file, "HALT\n");
            clearRequests();

            plane.poll();

            assertZeroRequests();
            assertThat(status()).containsEntry("armed", false).containsEntry("state", "halting")
                    .hasEntrySatisfying("disarmedBecause", why -> assertThat(why.toString()).contains("says halt"));
            assertThat(lastSkip("lastPoll")).startsWith("halting: AFK_KILL_SWITCH_FILE " + file + " says halt");

            plane.watch();

            assertThat(sandbox.t3().controlsFor(thread)).extracting(T3Simulator.ControlCommand::type)
                    .as("the running agent is interrupted").containsExactly("thread.turn.interrupt");
            assertThat(record("acme/widgets", 1).orElseThrow()).satisfies(r -> {
                assertThat(r.endReason()).isEqualTo("HALTED");
                assertThat(r.stopPending()).isTrue();
                assertThat(r.evidence()).startsWith("the operator halted AFK (AFK_KILL_SWITCH_FILE says halt)");
            });
            assertThat(sandbox.slack().messages()).as("no doorbell before the stop is confirmed").isEmpty();

            plane.watch();

            assertThat(sandbox.t3().thread(thread).orElseThrow().sessionStatus()).isNotEqualTo("running");
            assertThat(record("acme/widgets", 1).orElseThrow().stop().stoppedAt()).as("confirmed").isNotNull();
            assertThat(labels("acme/widgets", 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
            assertThat(sandbox.slack().messages()).hasSize(1);
            assertThat(sandbox.slack().messages().get(0).toString()).contains("halted AFK");
            assertThat(afkComments("acme/widgets", 1).get(0).body()).contains("`HALTED`",
                    "the operator halted AFK (AFK_KILL_SWITCH_FILE says halt)");

            plane.watch();
            plane.poll();

            assertThat(labels("acme/gadgets", 1)).as("nothing new is dispatched while halting").containsExactly(READY);
            assertThat(afkComments("acme/gadgets", 1)).isEmpty();
            assertThat(sandbox.t3().threads()).extracting(T3Simulator.ThreadSnapshot::id).containsExactly(thread);
            assertThat(sandbox.t3().controlsFor(thread)).as("one stop, never re-sent").hasSize(1);
            assertThat(sandbox.slack().messages()).as("one hand-off").hasSize(1);
            assertThat(get("/observe/metrics")).containsPattern("(?m)^afk_armed(\\{[^}]*})? 0\\.0$")
                    .containsPattern("(?m)^afk_plane_state\\{[^}]*state=\"halting\"[^}]*} 1\\.0$")
                    .containsPattern("(?m)^afk_plane_state\\{[^}]*state=\"armed\"[^}]*} 0\\.0$")
                    .containsPattern("(?m)^afk_escalations_total\\{[^}]*reason=\"HALTED\"[^}]*} 1\\.0$");
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN AFK is halting")).as("one line per change")
                    .singleElement().asString().contains(file + " says halt");
            assertThat(log.containing("AFK is halted: every run in flight was handed back")).hasSize(1);
        }
        assertNoContractViolations();
    }
}
