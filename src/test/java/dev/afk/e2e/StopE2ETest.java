package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import dev.afk.sim.SimFault;
import dev.afk.sim.T3Simulator.ControlCommand;
import dev.afk.sim.TrackerModel.Change;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stop means stopped (issue 9), end to end: every end of a run stops its agent in T3 with a derived command,
 * confirms from the read model that it settled (across ticks, never by sleeping), escalates to the session stop and
 * says so when even that fails; a run a person took over gets nothing more from AFK than its one ended record.
 */
class StopE2ETest extends E2eSupport {

    static final String REPO = "acme/widgets";
    static final String SHA = "5e8c1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d";

    String thread1() {
        return RunIds.threadId(key(REPO, 1), 1);
    }

    /** A run whose agent works on its first turn for ever (never pushes, never finishes). */
    void runningAgent() {
        sandbox.repo(REPO);
        startStallingRun(REPO);
    }

    List<ControlCommand> controls(String type) {
        return sandbox.t3().controlsFor(thread1()).stream().filter(c -> c.type().equals(type)).toList();
    }

    /** Changes AFK made to the issue after {@code seq}. */
    List<Change> afkChangesAfter(long seq) {
        return sandbox.model().changes().stream()
                .filter(c -> c.seq() > seq && c.number() == 1 && Sandbox.AFK_LOGIN.equals(c.actor())).toList();
    }

    long lastSeq() {
        List<Change> all = sandbox.model().changes();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
    }

    double counter(String name, String... tags) {
        MeterRegistry registry = plane.context().getRegistry().findSingleByType(MeterRegistry.class);
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    java.util.Map<String, Object> statusView() {
        return plane.context().getRegistry().lookupByNameAndType("planeStatus", dev.afk.plane.PlaneStatus.class)
                .view();
    }

    void watchAfter(Duration d) {
        clock.advance(d);
        plane.watch();
    }

    @Test
    void aPersonsReadyForHumanMidTurnGetsOneInterruptConfirmedAndNoFurtherAfkWrite() {
        runningAgent();
        sandbox.model().addLabel(REPO, 1, HUMAN, Sandbox.MAINTAINER);
        long taken = lastSeq();

        plane.watch();
        assertThat(controls("thread.turn.interrupt")).as("one interrupt").hasSize(1);
        assertThat(controls("thread.turn.interrupt").get(0).commandId())
                .isEqualTo(RunIds.interruptCommandId(thread1(), 1));
        RunRecord ended = record(REPO, 1).orElseThrow();
        assertThat(ended.endReason()).isEqualTo("released");
        assertThat(ended.stopPending()).as("stop requested, confirmation pending").isTrue();
        assertThat(labels(REPO, 1)).as("the lock stays while the stop is pending").contains(IN_PROGRESS, HUMAN);

        for (int i = 0; i < 3; i++) {
            round();
        }
        assertThat(controls("thread.turn.interrupt")).as("still one interrupt").hasSize(1);
        assertThat(controls("thread.session.stop")).isEmpty();
        assertThat(sandbox.t3().thread(thread1()).orElseThrow().sessionStatus()).isNotEqualTo("running");
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
        assertThat(afkChangesAfter(taken)).as("the one ended record, then AFK's own lock, nothing else")
                .extracting(Change::kind).containsExactly(dev.afk.sim.TrackerModel.ChangeKind.COMMENT_EDITED,
                        dev.afk.sim.TrackerModel.ChangeKind.LABEL_REMOVED);
        assertThat(record(REPO, 1).orElseThrow()).as("the confirmation is not written (AFK yields)").isEqualTo(ended);
        assertThat(sandbox.slack().messages()).as("no doorbell for a person's own takeover").isEmpty();
        assertThat(counter("afk.stops", "outcome", "confirmed")).isEqualTo(1.0);
        assertNoContractViolations();
    }

    @Test
    void aPersonClosingTheIssueMidRunGetsTheSameStop() {
        runningAgent();
        sandbox.model().setOpen(REPO, 1, false, "not_planned");
        long closed = lastSeq();

        plane.watch();
        plane.watch();

        assertThat(controls("thread.turn.interrupt")).hasSize(1);
        assertThat(sandbox.t3().thread(thread1()).orElseThrow().sessionStatus()).isNotEqualTo("running");
        assertThat(labels(REPO, 1)).doesNotContain(IN_PROGRESS);
        assertThat(issue(REPO, 1).open()).isFalse();
        assertThat(afkChangesAfter(closed)).extracting(Change::kind).containsExactly(
                dev.afk.sim.TrackerModel.ChangeKind.COMMENT_EDITED, dev.afk.sim.TrackerModel.ChangeKind.LABEL_REMOVED);
        assertNoContractViolations();
    }

    @Test
    void aStallIsStoppedThenTheDoorbellRingsAndTheChecklistSaysTheStopWasConfirmed() {
        runningAgent();
        watchAfter(Duration.ofMinutes(91));
        assertThat(controls("thread.turn.interrupt")).hasSize(1);
        assertThat(sandbox.slack().messages()).as("no doorbell before the stop is confirmed").isEmpty();
        assertThat(labels(REPO, 1)).doesNotContain(HUMAN);
        assertThat(statusView().get("stopsPending")).as("the status view lists the pending stop")
                .asString().contains(REPO + "#1", "AGENT_FAILED", "interrupts=1");

        watchAfter(Duration.ofSeconds(30));
        assertThat(statusView().get("stopsPending")).asString().isEqualTo("{}");

        assertThat(sandbox.slack().messages()).hasSize(1);
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.endReason()).isEqualTo("AGENT_FAILED");
        assertThat(r.stop().stoppedAt()).isNotNull();
        assertThat(afkComments(REPO, 1).get(0).body()).contains("stopped confirmed at");
        assertThat(counter("afk.escalations", "reason", "AGENT_FAILED")).as("counted once per hand-off")
                .isEqualTo(1.0);
        assertNoContractViolations();
    }

    @Test
    void ciExhaustedRequestsTheStopBeforeTheHandOff() {
        sandbox.repo("acme/tools");
        sandbox.readyIssue("acme/tools", "Speed up the build", "40 minutes.", Behaviour.CI_RED_FOREVER);
        startPlane("acme/tools");
        plane.poll();

        roundsUntil(() -> labels("acme/tools", 1).contains(HUMAN), 60);

        RunRecord r = record("acme/tools", 1).orElseThrow();
        assertThat(r.endReason()).isEqualTo("CI_EXHAUSTED");
        assertThat(r.stop()).as("the end requested the stop").isNotNull();
        assertThat(r.stop().pending()).as("and it was over before the hand-off").isFalse();
        assertThat(sandbox.t3().thread(RunIds.threadId(key("acme/tools", 1), 1)).orElseThrow().sessionStatus())
                .isNotEqualTo("running");
        assertThat(sandbox.slack().messages()).hasSize(1);
        assertNoContractViolations();
    }

    @Test
    void anInterruptThatDoesNotSettleIsFollowedByTheSessionStopWhichSettlesIt() {
        runningAgent();
        sandbox.t3().interruptsNeverSettle(thread1());
        watchAfter(Duration.ofMinutes(91)); // stall: interrupt round 1
        watchAfter(Duration.ofSeconds(20)); // still running within the bound: round 2 (a queued steer needs it)
        assertThat(controls("thread.turn.interrupt")).hasSize(2);
        assertThat(controls("thread.session.stop")).isEmpty();

        watchAfter(Duration.ofSeconds(45)); // past AFK_STOP_CONFIRM_SECONDS: thread.session.stop
        assertThat(controls("thread.session.stop")).hasSize(1);
        assertThat(controls("thread.session.stop").get(0).commandId())
                .isEqualTo(RunIds.sessionStopCommandId(thread1(), 1));
        assertThat(sandbox.slack().messages()).isEmpty();

        watchAfter(Duration.ofSeconds(20)); // confirmed: the hand-off
        assertThat(sandbox.t3().thread(thread1()).orElseThrow().sessionStatus()).isEqualTo("stopped");
        assertThat(sandbox.slack().messages()).hasSize(1);
        assertThat(sandbox.slack().messages().get(0).toString()).doesNotContain("could not be stopped");
        assertThat(record(REPO, 1).orElseThrow().stop().stoppedAt()).isNotNull();
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
        assertNoContractViolations();
    }

    @Test
    void whenNeitherSettlesTheHandOffSaysTheAgentCouldNotBeStopped() {
        runningAgent();
        sandbox.t3().stopsNeverSettle(thread1());
        watchAfter(Duration.ofMinutes(91));
        watchAfter(Duration.ofSeconds(61)); // session stop
        assertThat(controls("thread.session.stop")).hasSize(1);
        watchAfter(Duration.ofSeconds(30)); // within the second bound: wait
        assertThat(sandbox.slack().messages()).isEmpty();

        watchAfter(Duration.ofSeconds(31)); // past it: could not be stopped

        assertThat(sandbox.t3().thread(thread1()).orElseThrow().sessionStatus()).isEqualTo("running");
        assertThat(sandbox.slack().messages()).hasSize(1);
        assertThat(sandbox.slack().messages().get(0).toString())
                .contains("the agent could not be stopped; stop it in T3");
        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.stop().couldNotStop()).isTrue();
        assertThat(afkComments(REPO, 1).get(0).body()).contains("The agent could not be stopped; stop it in T3");
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
        assertThat(counter("afk.stop.failures")).isEqualTo(1.0);
        assertThat(counter("afk.stops", "outcome", "failed")).isEqualTo(1.0);
        assertNoContractViolations();
    }

    @Test
    void aReleasedRunThatCannotBeStoppedGetsTheOneVisibleNoteAndNoDoorbell() {
        runningAgent();
        sandbox.t3().stopsNeverSettle(thread1());
        sandbox.model().addLabel(REPO, 1, HUMAN, Sandbox.MAINTAINER);
        long taken = lastSeq();
        plane.watch();
        watchAfter(Duration.ofSeconds(61)); // session stop, not written
        watchAfter(Duration.ofSeconds(60)); // twice the bound: could not be stopped

        assertThat(controls("thread.session.stop")).hasSize(1);
        assertThat(afkChangesAfter(taken)).extracting(Change::kind).containsExactly(
                dev.afk.sim.TrackerModel.ChangeKind.COMMENT_EDITED, dev.afk.sim.TrackerModel.ChangeKind.COMMENT_EDITED,
                dev.afk.sim.TrackerModel.ChangeKind.LABEL_REMOVED);
        assertThat(afkComments(REPO, 1).get(0).body()).contains("could not be stopped");
        assertThat(sandbox.slack().messages()).isEmpty();
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
    }

    @Test
    void aReleasedRunsRepeatedStopCommandIsLoggedOncePerRoundNotOncePerTick() {
        runningAgent();
        sandbox.t3().stopsNeverSettle(thread1());
        sandbox.model().addLabel(REPO, 1, HUMAN, Sandbox.MAINTAINER);
        try (AfkLog log = AfkLog.attach()) {
            plane.watch();
            watchAfter(Duration.ofSeconds(61)); // past the bound: the session stop
            watchAfter(Duration.ofSeconds(10)); // still inside the second bound: the same session stop again
            watchAfter(Duration.ofSeconds(10));

            assertThat(log.containing("stopping issue=" + REPO + "#1")).as(String.join("\n", log.lines()))
                    .hasSize(2).anySatisfy(l -> assertThat(l).startsWith("INFO").contains("interrupt round=1"))
                    .anySatisfy(l -> assertThat(l).startsWith("WARN").contains("thread.session.stop round=1"));
        }
        assertThat(controls("thread.session.stop")).as("one command, re-sent with its commandId").hasSize(1);
        watchAfter(Duration.ofSeconds(60)); // past the second bound: could not be stopped, the lock goes
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
    }

    @Test
    void aRestartBetweenTheStopRequestAndItsConfirmationSendsOneInterruptAndTheNextTickConfirms() {
        runningAgent();
        watchAfter(Duration.ofMinutes(91)); // stop requested: interrupt round 1, record written
        assertThat(record(REPO, 1).orElseThrow().stopPending()).isTrue();
        assertThat(sandbox.slack().messages()).isEmpty();

        restartPlane(REPO); // nothing of the stop lives in memory: the record carries it
        watchAfter(Duration.ofSeconds(5));

        assertThat(controls("thread.turn.interrupt")).as("exactly one interrupt command in T3").hasSize(1);
        assertThat(record(REPO, 1).orElseThrow().stop().stoppedAt()).as("confirmed by the next tick").isNotNull();
        assertThat(sandbox.slack().messages()).hasSize(1);
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
        assertNoContractViolations();
    }

    @Test
    void aCrashBetweenTheInterruptAndTheRecordResendsTheSameCommandOnce() {
        runningAgent();
        sandbox.trackerSim().inject(SimFault.reply("PATCH", "/api/v1/repos/acme/widgets/issues/comments/\\d+", 503,
                "{\"message\":\"crashed\"}", -1));
        watchAfter(Duration.ofMinutes(91)); // the interrupt goes out, the record write does not land
        assertThat(record(REPO, 1).orElseThrow().ended()).as("precondition: the record was not written").isFalse();
        sandbox.trackerSim().clearFaults();
        restartPlane(REPO);

        watchAfter(Duration.ofSeconds(5)); // decides again: round 1 again, the same commandId
        watchAfter(Duration.ofSeconds(5)); // confirmed: hand-off

        assertThat(controls("thread.turn.interrupt")).as("exactly one interrupt command in T3").hasSize(1);
        assertThat(sandbox.slack().messages()).hasSize(1);
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
        assertNoContractViolations();
    }

    @Test
    void transient503sOnTheLabelRemovalDuringAHandOffCompleteOnceTheTrackerHeals() {
        runningAgent();
        watchAfter(Duration.ofMinutes(91)); // stop requested
        sandbox.trackerSim().inject(SimFault.reply("DELETE", "/api/v1/repos/acme/widgets/issues/1/labels/\\d+", 503,
                "{\"message\":\"unavailable\"}", -1));
        try (AfkLog log = AfkLog.attach()) {
            for (int i = 0; i < 3; i++) {
                watchAfter(Duration.ofSeconds(10)); // confirmed; the hand-off is cut short at the label removal
            }
            assertThat(log.lines()).as("AFK's own ready-for-human is never read as a person's takeover")
                    .noneMatch(l -> l.contains("released issue=") || l.contains("a person took it over"));
            assertThat(log.lines().stream().filter(l -> l.startsWith("WARN") && l.contains("watch failed")))
                    .as("the repeated failure is one WARN, not one per tick").hasSize(1);
        }
        assertThat(labels(REPO, 1)).as("precondition: half-written").contains(HUMAN, IN_PROGRESS);
        sandbox.trackerSim().clearFaults();

        watchAfter(Duration.ofSeconds(10));
        watchAfter(Duration.ofSeconds(10));

        assertThat(labels(REPO, 1)).as("ready-for-human only").containsExactly(HUMAN);
        assertThat(sandbox.slack().messages()).as("one doorbell").hasSize(1);
        assertThat(counter("afk.escalations", "reason", "AGENT_FAILED")).isEqualTo(1.0);
        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.endReason()).as("never mistaken for a person's release").isEqualTo("AGENT_FAILED");
    }

    @Test
    void aPushedReportThatArrivesAfterTheInterruptIsIgnored() {
        runningAgent();
        sandbox.model().addCommit(REPO, SHA);
        sandbox.t3().reportOnInterrupt(thread1(), "Pushed.\nAFK-PHASE: pushed " + SHA);
        sandbox.model().addLabel(REPO, 1, HUMAN, Sandbox.MAINTAINER);
        long taken = lastSeq();

        for (int i = 0; i < 4; i++) {
            round();
        }

        assertThat(sandbox.t3().thread(thread1()).orElseThrow().messages()).as("precondition: the late report")
                .anyMatch(m -> m.text().contains("pushed " + SHA));
        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.sha()).as("the report after the stop is not believed").isNull();
        assertThat(r.phase().wire()).isNotEqualTo("pushed");
        assertThat(sandbox.trackerSim().requests()).as("no commit check for it")
                .noneMatch(q -> q.path().contains(SHA));
        assertThat(afkChangesAfter(taken)).extracting(Change::kind).containsExactly(
                dev.afk.sim.TrackerModel.ChangeKind.COMMENT_EDITED, dev.afk.sim.TrackerModel.ChangeKind.LABEL_REMOVED);
        assertThat(labels(REPO, 1)).containsExactly(HUMAN);
    }
}
