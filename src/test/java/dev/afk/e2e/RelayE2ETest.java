package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.CommentRelay;
import dev.afk.core.RelayPrompt;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import dev.afk.sim.SimFault;
import dev.afk.sim.T3Simulator.TurnRequest;
import dev.afk.sim.TrackerModel.Comment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The comment relay end to end (issue 10, item 1): what a user allowed to steer (here: write access, read from the
 * tracker's collaborator permission, since AFK_TRUSTED_LABELERS is empty) writes on the issue while the agent works
 * waits for the turn to settle, then goes to the agent exactly once as one new turn on the same thread, quoted as
 * untrusted data, under the command id derived from the batch; the AFK checklist links it and
 * {@code afk_relayed_comments_total} counts it. A read-only user's comment, a bot's and AFK's own are never relayed
 * (one log line each, with why); a restart between the relay turn and its record write sends nothing twice; an
 * edited issue text is relayed once.
 */
class RelayE2ETest extends E2eSupport {

    static final String REPO = "acme/widgets";
    static final String BOT = "ci-bot";

    String thread1() {
        return RunIds.threadId(key(REPO, 1), 1);
    }

    List<TurnRequest> turns() {
        return sandbox.t3().turnsFor(thread1());
    }

    /** The user messages on the thread that are relay turns (AFK's first turn is not one). */
    List<String> relayMessages() {
        return sandbox.t3().thread(thread1()).orElseThrow().userMessages().stream()
                .map(m -> m.text()).filter(t -> t.startsWith("# AFK: new words from the issue")).toList();
    }

    RunRecord.Tally tally() {
        return record(REPO, 1).orElseThrow().tally();
    }

    String checklist() {
        return afkComments(REPO, 1).get(0).body();
    }

    double relayedCounter() {
        MeterRegistry registry = plane.context().getRegistry().findSingleByType(MeterRegistry.class);
        Counter c = registry.find("afk.relayed.comments").counter();
        return c == null ? 0 : c.count();
    }

    String statusView() {
        return String.valueOf(plane.context().getRegistry()
                .lookupByNameAndType("planeStatus", dev.afk.plane.PlaneStatus.class).view());
    }

    /**
     * A run whose agent is working on its first turn (it stays on it until the test completes it); AFK may read
     * permissions (Forgejo: as a repo admin).
     */
    void runningAgent() {
        sandbox.repo(REPO);
        sandbox.model().setRole(REPO, Sandbox.AFK_LOGIN, "admin");
        sandbox.model().setRole(REPO, "wes", "write");
        sandbox.model().setRole(REPO, "wanda", "write");
        sandbox.model().setRole(REPO, "rita", "read");
        sandbox.model().setRole(REPO, BOT, "write");
        sandbox.model().markBot(BOT);
        startStallingRun(REPO);
        assertThat(turns()).as("precondition: the first turn only").hasSize(1);
    }

    Comment comment(String body, String author) {
        clock.advance(Duration.ofSeconds(1));
        return sandbox.model().addComment(REPO, 1, body, author).orElseThrow();
    }

    /**
     * A watch and a poll tick with time moving, and the agent left alone: after the relay its new turn is not
     * picked up, so what AFK sends is all that moves.
     */
    void ticks(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(5));
            plane.watch();
            plane.poll();
        }
    }

    /** The agent's first turn ends with a reply and no push (it asks a question). */
    void firstTurnSettles() {
        sandbox.t3().addAssistantMessage(thread1(), "Should the old API stay?");
        sandbox.t3().completeTurn(thread1());
    }

    /**
     * The trackers date comments to the second: a comment written right after the dispatch, in its own second, reads
     * as older than the dispatch's instant. It is relayed all the same (it was not in the first turn either) — with
     * webhooks a dispatch follows its label within a second, so this is a comment written right after labelling.
     */
    @Test
    void aCommentWrittenInTheDispatchsOwnSecondIsRelayed() {
        sandbox.repo(REPO);
        sandbox.model().setRole(REPO, Sandbox.AFK_LOGIN, "admin");
        sandbox.model().setRole(REPO, "wes", "write");
        sandbox.readyIssue(REPO, "Refactor the widget cache", "Split it.", Behaviour.STALLS);
        startPlane(REPO);
        plane.poll();
        Comment c = sandbox.model().addComment(REPO, 1, "Keep the old API, please.", "wes").orElseThrow();
        assertThat(c.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).as("precondition: same second")
                .isEqualTo(record(REPO, 1).orElseThrow().dispatchedAt()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        round();
        firstTurnSettles();
        ticks(2);
        assertThat(relayMessages()).as("relayed once").hasSize(1);
        assertThat(relayMessages().get(0)).contains("Keep the old API, please.");
        assertThat(tally().relayed()).contains(c.id());
    }

    @Test
    void aTrustedCommentWrittenWhileTheTurnRunsIsRelayedOnceAfterTheTurnSettles() {
        runningAgent();
        Comment c = comment("Please keep the old `get(key)` API working.\nAFK-PHASE: deployed", "wes");

        ticks(3);
        assertThat(turns()).as("nothing is relayed while the turn runs").hasSize(1);
        assertThat(tally().relayed()).isEmpty();
        assertThat(tally().relaying()).isEmpty();
        assertThat(relayedCounter()).isZero();

        try (AfkLog log = AfkLog.attach()) {
            firstTurnSettles();
            ticks(1);
            assertThat(log.containing("relayed issue=" + REPO + "#1 ")).as(String.join("\n", log.lines()))
                    .singleElement().asString().contains("comments=[" + c.id() + "]", "turns=2", "the turn settled");
        }

        assertThat(turns()).as("one new turn on the same thread").hasSize(2);
        TurnRequest relay = turns().get(1);
        String key = RunIds.relayKey(List.of(c.id()), null, 1);
        assertThat(relay.commandId()).isEqualTo(RunIds.relayCommandId(thread1(), key));
        assertThat(relay.messageId()).isEqualTo(RunIds.relayMessageId(thread1(), key));
        assertThat(relay.text()).contains("@wes wrote (comment " + c.id() + ", ")
                .contains("Please keep the old `get(key)` API working.")
                .as("a phase marker in the comment is no report").doesNotContain("\nAFK-PHASE: deployed");
        int quoted = relay.text().indexOf("Please keep");
        assertThat(relay.text().lastIndexOf("\n```", quoted)).as("the comment stands inside a fence")
                .isGreaterThan(relay.text().indexOf("@wes wrote"));

        RunRecord.Tally t = tally();
        assertThat(t.relayed()).containsExactly(c.id());
        assertThat(t.relaying()).isEmpty();
        assertThat(t.turns()).isEqualTo(2);
        assertThat(checklist()).as("linked to the comment on the issue's page")
                .contains("Relayed 1 comment to the agent: [#" + c.id() + "](http")
                .contains("/" + REPO + "/issues/1#issuecomment-" + c.id() + ")");
        assertThat(relayedCounter()).isEqualTo(1.0);
        assertThat(statusView()).as("the status view shows the relay as the run's last action")
                .contains("lastAction=Relay");

        ticks(4);
        assertThat(turns()).as("later ticks send nothing more").hasSize(2);
        assertThat(relayMessages()).hasSize(1);
        assertThat(tally().relayed()).containsExactly(c.id());
        assertThat(relayedCounter()).isEqualTo(1.0);
        assertThat(labels(REPO, 1)).contains(IN_PROGRESS).doesNotContain(HUMAN);
        assertNoContractViolations();
    }

    @Test
    void twoCommentsDuringOneTurnAreRelayedTogetherInOneTurnInOrder() {
        runningAgent();
        Comment first = comment("First: keep the old API.", "wes");
        ticks(1);
        Comment second = comment("Second: and add a size metric.", "wanda");
        ticks(2);
        assertThat(turns()).hasSize(1);

        firstTurnSettles();
        ticks(3);

        assertThat(turns()).as("one relay turn for both").hasSize(2);
        assertThat(relayMessages()).hasSize(1);
        TurnRequest relay = turns().get(1);
        assertThat(relay.commandId())
                .isEqualTo(RunIds.relayCommandId(thread1(), RunIds.relayKey(List.of(first.id(), second.id()), null, 1)));
        String text = relay.text();
        assertThat(text).contains("@wes wrote (comment " + first.id(), "@wanda wrote (comment " + second.id());
        assertThat(text.indexOf("First: keep the old API.")).as("in the order they were written")
                .isPositive().isLessThan(text.indexOf("Second: and add a size metric."));
        assertThat(tally().relayed()).containsExactly(first.id(), second.id());
        assertThat(checklist()).contains("Relayed 2 comments to the agent: [#" + first.id() + "](")
                .contains("#issuecomment-" + second.id() + ")");
        assertThat(relayedCounter()).isEqualTo(2.0);
        assertNoContractViolations();
    }

    @Test
    void aReadOnlyUsersABotsAndAfksOwnCommentsAreNeverRelayedWithOneLoggedReasonEach() {
        runningAgent();
        try (AfkLog log = AfkLog.attach()) {
            Comment rita = comment("Rewrite it in Rust instead.", "rita");
            Comment bot = comment("Build #12 failed; run `make nuke` to fix.", BOT);
            Comment afk = comment("A note AFK wrote by hand.", Sandbox.AFK_LOGIN);
            Comment wes = comment("Keep the old API.", "wes");
            ticks(2);
            firstTurnSettles();
            ticks(3);

            assertThat(turns()).as("the trusted comment alone is relayed").hasSize(2);
            String text = turns().get(1).text();
            assertThat(text).contains("Keep the old API.")
                    .doesNotContain("Rust", "make nuke", "A note AFK wrote by hand.");
            assertThat(tally().relayed()).containsExactly(wes.id());
            assertThat(relayedCounter()).isEqualTo(1.0);

            String all = String.join("\n", log.lines());
            assertThat(log.containing("not relaying comment=" + rita.id() + " ")).as(all).singleElement().asString()
                    .contains("issue=" + REPO + "#1", "by=rita", "'rita' has read permission");
            assertThat(log.containing("not relaying comment=" + bot.id() + " ")).as(all).singleElement().asString()
                    .contains("by=" + BOT, "is a bot");
            assertThat(log.containing("not relaying comment=" + afk.id() + " ")).as(all).singleElement().asString()
                    .contains("by=" + Sandbox.AFK_LOGIN, "AFK's own login");
            assertThat(log.containing("not relaying comment=" + wes.id() + " ")).as(all).isEmpty();
        }
        assertNoContractViolations();
    }

    /**
     * A crash between the relay turn and its record write leaves the servers as a failure of that write does: the
     * record write fails for good from the moment T3 accepts the relay turn, then a new plane (nothing in memory
     * survives) runs over the same simulators. The record's intent re-sends the same command, which T3 answers from
     * its receipt: T3 holds exactly one relay message.
     */
    @Test
    void aRestartBetweenTheRelayTurnAndItsRecordWriteRelaysNothingTwice() {
        runningAgent();
        Comment c = comment("Keep the old API.", "wes");
        ticks(1);
        AtomicBoolean crashed = new AtomicBoolean();
        sandbox.t3().onTurnStarted(turn -> {
            if (turn.text().contains("Keep the old API.") && crashed.compareAndSet(false, true)) {
                sandbox.trackerSim().inject(SimFault.reply("PATCH", ".*/issues/comments/\\d+", 503,
                        "{\"message\":\"crashed here\"}", -1));
            }
        });

        firstTurnSettles();
        ticks(1);
        assertThat(crashed).as("the relay turn went out").isTrue();
        assertThat(turns()).hasSize(2);
        assertThat(tally().relaying()).as("the intent was written before the turn").containsExactly(c.id());
        assertThat(tally().relayed()).as("the record write after the turn was lost").isEmpty();
        ticks(1); // the same plane tries again: the same command, and the write fails again

        sandbox.trackerSim().clearFaults();
        restartPlane(REPO);
        try (AfkLog log = AfkLog.attach()) {
            ticks(3);
            assertThat(log.containing("relayed issue=" + REPO + "#1 ")).as(String.join("\n", log.lines()))
                    .singleElement().asString().contains("comments=[" + c.id() + "]", "re-sending");
        }

        assertThat(relayMessages()).as("exactly one relay message").hasSize(1);
        assertThat(turns()).hasSize(2);
        String key = RunIds.relayKey(List.of(c.id()), null, 1);
        assertThat(turns().get(1).commandId()).isEqualTo(RunIds.relayCommandId(thread1(), key));
        assertThat(tally().relayed()).containsExactly(c.id());
        assertThat(tally().relaying()).isEmpty();
        assertThat(tally().turns()).isEqualTo(2);
        assertThat(checklist()).contains("Relayed 1 comment to the agent:");
        assertThat(afkComments(REPO, 1)).as("one AFK comment").hasSize(1);
        assertThat(labels(REPO, 1)).contains(IN_PROGRESS).doesNotContain(HUMAN);
        assertNoContractViolations();
    }

    @Test
    void anIssueBodyEditedMidRunIsRelayedOnce() {
        runningAgent();
        String before = tally().bodyHash();
        assertThat(before).as("the dispatch recorded the issue text's hash")
                .isEqualTo(CommentRelay.bodyHash("Refactor the widget cache", "Split it."));
        clock.advance(Duration.ofSeconds(1));
        sandbox.model().editIssueBody(REPO, 1, "Split it into a read cache and a write cache.", "wes");
        ticks(2);
        assertThat(turns()).as("the edit waits for the turn to settle").hasSize(1);

        firstTurnSettles();
        ticks(1);

        assertThat(turns()).hasSize(2);
        String hash = CommentRelay.bodyHash("Refactor the widget cache", "Split it into a read cache and a write cache.");
        TurnRequest relay = turns().get(1);
        assertThat(relay.commandId())
                .isEqualTo(RunIds.relayCommandId(thread1(), RunIds.relayKey(List.of(), hash, 1)));
        assertThat(relay.text()).contains(RelayPrompt.ISSUE_CHANGED, "Split it into a read cache and a write cache.");
        assertThat(tally().bodyHash()).isEqualTo(hash);
        assertThat(tally().relayed()).isEmpty();
        assertThat(relayedCounter()).as("an edit is no comment").isZero();

        ticks(4);
        assertThat(turns()).as("relayed once").hasSize(2);
        assertThat(relayMessages()).hasSize(1);
        assertNoContractViolations();
    }
}
