package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.SHA1;
import static dev.afk.core.RunFixtures.SHA2;
import static dev.afk.core.RunFixtures.T0;
import static dev.afk.core.RunFixtures.THREAD;
import static dev.afk.core.RunFixtures.at;
import static dev.afk.core.RunFixtures.check;
import static dev.afk.core.RunFixtures.ciPending;
import static dev.afk.core.RunFixtures.ciRed;
import static dev.afk.core.RunFixtures.deployed;
import static dev.afk.core.RunFixtures.dispatched;
import static dev.afk.core.RunFixtures.failed;
import static dev.afk.core.RunFixtures.finished;
import static dev.afk.core.RunFixtures.machine;
import static dev.afk.core.RunFixtures.min;
import static dev.afk.core.RunFixtures.pushed;
import static dev.afk.core.RunFixtures.running;
import static dev.afk.core.RunFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Example tables of the relay rung (issue 10, item 1): when a comment goes to the agent, and what it outranks. */
class RunStateMachineRelayTest {

    static final String HASH = "h-dispatch";

    static RunState.Relay comments(Long... ids) {
        return new RunState.Relay(List.of(ids), HASH);
    }

    /** A first turn that pushed SHA1 (confirmed) with the dispatch's text hash recorded. */
    static RunRecord pushedRun() {
        return withHash(at(Phase.PUSHED, 8));
    }

    static RunRecord withHash(RunRecord r) {
        RunRecord.Tally t = r.tally();
        return r.withTally(new RunRecord.Tally(t.turns(), t.relayed(), t.relaying(), HASH, null, null, null, 0));
    }

    static Action.Relay relayOf(Decision d) {
        assertThat(d.action().kind()).isEqualTo(ActionKind.RELAY);
        return (Action.Relay) d.action();
    }

    @Test
    void commentsWaitForTheRunningTurnToSettle() {
        Decision d = machine().next(state().record(pushedRun()).thread(running(pushed(SHA1, 8))).confirmed()
                .ci(ciPending()).atMinute(12).build().withRelay(comments(20L, 21L)));
        assertThat(d.action().kind()).isIn(ActionKind.WAIT, ActionKind.REFRESH_CHECKLIST);
        assertThat(d.action().toString()).contains("2 comments wait for the running turn to settle (20, 21)");
        assertThat(d.next().tally().relaying()).isEmpty();
    }

    @Test
    void anEditedTextWaitsForTheRunningTurnToo() {
        Decision d = machine().next(state().record(pushedRun()).thread(running(pushed(SHA1, 8))).confirmed()
                .ci(ciPending()).atMinute(12).build().withRelay(new RunState.Relay(List.of(20L), "h-edited")));
        assertThat(d.action().toString())
                .contains("1 comment and the edited issue text wait for the running turn to settle (20)");
        Decision nothing = machine().next(state().record(pushedRun()).thread(running(pushed(SHA1, 8))).confirmed()
                .ci(ciPending()).atMinute(12).build().withRelay(comments()));
        assertThat(nothing.action().toString()).doesNotContain("wait for the running turn");
    }

    @Test
    void aSettledTurnRelaysTheWholeBatchInOrderAndRecordsTheIntentFirst() {
        Decision d = machine().next(state().record(pushedRun()).thread(finished(pushed(SHA1, 8))).confirmed()
                .ci(ciPending()).atMinute(12).build().withRelay(comments(20L, 21L)));
        Action.Relay r = relayOf(d);
        assertThat(r.commentIds()).containsExactly(20L, 21L);
        assertThat(r.bodyHash()).isNull();
        assertThat(d.next().tally().relaying()).containsExactly(20L, 21L);
        assertThat(d.next().tally().turns()).isEqualTo(1);
        assertThat(r.key(d.next())).isEqualTo("c20");
    }

    @Test
    void aRelayOutranksTheTurnCompletedWithoutAPushEscalation() {
        Decision d = machine().next(state().record(withHash(dispatched())).thread(finished()).atMinute(12).build()
                .withRelay(comments(20L)));
        assertThat(relayOf(d).commentIds()).containsExactly(20L);
        // Without a comment the same tick escalates, as before.
        assertThat(machine().next(state().record(withHash(dispatched())).thread(finished()).atMinute(12).build())
                .action().kind()).isEqualTo(ActionKind.ESCALATE);
    }

    @Test
    void alreadyRelayedCommentsAreNotRelayedAgain() {
        RunRecord r = pushedRun().withRelaying(List.of(20L), null).withRelayed(min(9));
        Decision d = machine().next(state().record(r)
                .thread(RunFixtures.thread("ready", "completed", min(9), pushed(SHA1, 8))).confirmed().ci(ciPending())
                .atMinute(12).build().withRelay(comments(20L, 21L)));
        assertThat(relayOf(d).commentIds()).containsExactly(21L);
    }

    @Test
    void anEditedIssueTextIsRelayedByItsHashAndNotWhenNoHashWasRecorded() {
        RunState.Relay edited = new RunState.Relay(List.of(), "h-edited");
        Decision d = machine().next(state().record(pushedRun()).thread(finished(pushed(SHA1, 8))).confirmed()
                .ci(ciPending()).atMinute(12).build().withRelay(edited));
        Action.Relay r = relayOf(d);
        assertThat(r.commentIds()).isEmpty();
        assertThat(r.bodyHash()).isEqualTo("h-edited");
        assertThat(d.next().tally().relayingBodyHash()).isEqualTo("h-edited");
        assertThat(r.key(d.next())).isEqualTo("bh-edited-1");
        assertThat(d.next().withRelayed(min(13)).tally().bodyHash()).isEqualTo("h-edited");

        Decision legacy = machine().next(state().record(at(Phase.PUSHED, 8)).thread(finished(pushed(SHA1, 8)))
                .confirmed().ci(ciPending()).atMinute(12).build().withRelay(edited));
        assertThat(legacy.action().kind()).isNotEqualTo(ActionKind.RELAY);
    }

    @Test
    void aRecordedIntentIsResentExactlyWhateverTheThreadShows() {
        RunRecord intent = pushedRun().withRelaying(List.of(20L, 21L), "h2");
        for (ThreadView t : new ThreadView[] {running(), finished(), null, failed("boom", List.of())}) {
            Decision d = machine().next(new RunState(RunFixtures.inProgress(), intent, t, true, ciPending(), null,
                    min(12)).withRelay(comments(20L, 21L, 22L)));
            Action.Relay r = relayOf(d);
            assertThat(r.commentIds()).containsExactly(20L, 21L);
            assertThat(r.bodyHash()).isEqualTo("h2");
            assertThat(d.next()).isEqualTo(intent);
        }
    }

    @Test
    void everyEndOutranksAPendingRelay() {
        RunRecord intent = pushedRun().withRelaying(List.of(20L), null);
        RunState base = state().record(intent).thread(finished(pushed(SHA1, 8))).confirmed().ci(ciPending())
                .atMinute(12).build().withRelay(comments(20L));
        RunState human = new RunState(RunFixtures.issue(LABELS.inProgress(), LABELS.human()), intent, base.thread(),
                true, ciPending(), null, min(12));
        RunState stop = new RunState(base.issue(), intent, base.thread(), true, ciPending(), null, min(12), false,
                null, StopAsk.stop("wes", 30));
        RunState unreadable = new RunState(base.issue(), intent, base.thread(), true, ciPending(), null, min(12),
                true);
        RunState green = new RunState(base.issue(), intent, base.thread(), true,
                new CiVerdict(CiVerdict.State.SUCCESS, List.of()), deployed(), min(12));
        assertThat(machine().next(human).action().kind()).isEqualTo(ActionKind.RELEASE);
        assertThat(machine().next(stop).action().kind()).isEqualTo(ActionKind.ESCALATE);
        assertThat(machine().next(base.withHalted(true)).action().kind()).isEqualTo(ActionKind.ESCALATE);
        assertThat(machine().next(unreadable).action().kind()).isEqualTo(ActionKind.ESCALATE);
        assertThat(machine().next(green).action().kind()).isEqualTo(ActionKind.CLOSE);
        assertThat(machine().next(green.withRelay(comments(20L, 21L))).action().kind()).isEqualTo(ActionKind.CLOSE);
    }

    @Test
    void aFailedTurnIsHandedBackNotRelayedTo() {
        Decision d = machine().next(state().record(pushedRun()).thread(failed("boom", List.of())).atMinute(12).build()
                .withRelay(comments(20L)));
        assertThat(d.action().kind()).isEqualTo(ActionKind.ESCALATE);
    }

    @Test
    void aPendingRelayThatCannotGoOutForTheStallLimitIsHandedBack() {
        RunRecord intent = pushedRun().withRelaying(List.of(20L), null);
        Decision d = machine().next(state().record(intent).noThread().atMinute(8 + 91).build());
        assertThat(d.action().kind()).isEqualTo(ActionKind.ESCALATE);
        assertThat(((Action.Escalate) d.action()).evidence()).contains("relay of 1 comment 20");
    }

    @Test
    void afterARelayTheOldTurnsVerdictNoLongerCounts() {
        // Relayed at minute 13 (T3's time); T3 still shows the first turn, completed at minute 8.
        RunRecord relayed = pushedRun().withRelaying(List.of(20L), null).withRelayed(min(13));
        assertThat(relayed.tally().turns()).isEqualTo(2);
        assertThat(relayed.tally().relayed()).containsExactly(20L);
        assertThat(relayed.turnAt()).isEqualTo(min(13));
        assertThat(relayed.progressAt()).isEqualTo(min(13));
        Decision d = machine().next(state().record(relayed).thread(finished(pushed(SHA1, 8))).confirmed()
                .ci(ciPending()).atMinute(14).build().withRelay(comments(20L, 21L)));
        assertThat(d.action().kind()).isIn(ActionKind.WAIT, ActionKind.REFRESH_CHECKLIST);
        assertThat(d.action().toString()).contains("1 comment waits for the running turn to settle (21)");
    }

    @Test
    void aRelayTurnThatFinishesWithoutAPushKeepsWatchingTheConfirmedCommit() {
        RunRecord relayed = pushedRun().withRelaying(List.of(20L), null).withRelayed(min(13));
        ThreadView relayDone = RunFixtures.thread("ready", "completed", min(13), pushed(SHA1, 8));
        Decision pending = machine().next(state().record(relayed).thread(relayDone).confirmed().ci(ciPending())
                .atMinute(20).build());
        assertThat(pending.action().kind()).isIn(ActionKind.WAIT, ActionKind.REFRESH_CHECKLIST);
        Decision red = machine().next(state().record(relayed).thread(relayDone).confirmed()
                .ci(ciRed(check("build", "red"))).atMinute(20).build());
        assertThat(red.action().kind()).isEqualTo(ActionKind.FIX_FORWARD);
    }

    @Test
    void aRelayTurnAfterAFixForwardPushWatchesThatPushAndItsRedChecksFixForwardAgain() {
        RunRecord ff = withHash(RunFixtures.fixForward(1, 20, SHA1)).withSha(SHA2, min(30));
        RunRecord relayed = ff.withRelaying(List.of(20L), null).withRelayed(min(40));
        ThreadView relayDone = RunFixtures.thread("ready", "completed", min(40), pushed(SHA1, 8), pushed(SHA2, 30));
        Decision pending = machine().next(state().record(relayed).thread(relayDone).confirmed().ci(ciPending())
                .atMinute(45).build());
        assertThat(pending.action().kind()).isIn(ActionKind.WAIT, ActionKind.REFRESH_CHECKLIST);
        Decision red = machine().next(state().record(relayed).thread(relayDone).confirmed()
                .ci(ciRed(check("build", "red"))).atMinute(45).build());
        assertThat(red.action().kind()).as(red.toString()).isEqualTo(ActionKind.FIX_FORWARD);
        assertThat(((Action.FixForward) red.action()).round()).isEqualTo(2);
    }

    @Test
    void aRelayTurnWithoutAnyConfirmedCommitThatFinishesWithoutAPushEscalatesAsToday() {
        RunRecord relayed = withHash(dispatched()).withRelaying(List.of(20L), null).withRelayed(min(13));
        ThreadView relayDone = RunFixtures.thread("ready", "completed", min(13));
        Decision d = machine().next(state().record(relayed).thread(relayDone).atMinute(20).build());
        assertThat(d.action().kind()).isEqualTo(ActionKind.ESCALATE);
        assertThat(((Action.Escalate) d.action()).evidence()).contains("without a push");
    }

    @Test
    void withRelayedWithoutAPendingBatchChangesNothing() {
        assertThat(pushedRun().withRelayed(min(20))).isEqualTo(pushedRun());
        assertThat(pushedRun().relayPending()).isFalse();
        assertThat(pushedRun().withRelaying(List.of(), "h").relayPending()).isTrue();
        assertThat(T0).isBefore(min(1));
        assertThat(THREAD).isNotBlank();
    }
}
