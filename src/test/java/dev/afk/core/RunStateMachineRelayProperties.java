package dev.afk.core;

import static dev.afk.core.RunFixtures.SHA1;
import static dev.afk.core.RunFixtures.T0;
import static dev.afk.core.RunFixtures.THREAD;
import static dev.afk.core.RunFixtures.min;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Exactly once (issue 10): over arbitrary interleavings of ticks, turns settling, new comments and crashes of the
 * watch tick between the relay's intent write, its turn and its record write, every trusted comment is sent to the
 * agent in at most one new T3 command, never into a running turn, and, once the thread settles, in exactly one.
 *
 * <p>The route is modelled as the integrator wires it: on {@link ActionKind#RELAY} write the decision's record, send
 * the turn under {@link RunIds#relayCommandId} of {@link Action.Relay#key}, then write
 * {@link RunRecord#withRelayed} with T3's time of that turn. T3 is modelled by its receipts
 * (docs/reference/t3-control.md §7.1): a known command id is answered as before and starts nothing.
 */
class RunStateMachineRelayProperties {

    enum Step { TICK, SETTLE, TRUSTED_COMMENT, UNTRUSTED_COMMENT, CRASH_BEFORE_INTENT, CRASH_BEFORE_SEND,
        CRASH_BEFORE_RECORD }

    static final Function<String, String> LEVELS = Map.of("wes", "write", "rita", "read")::get;

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.of(Step.class).list().ofMinSize(1).ofMaxSize(40);
    }

    /** The simulated world: the tracker (comments, the AFK record) and T3 (receipts, the thread's latest turn). */
    static final class World {
        final List<IssueComment> comments = new ArrayList<>();
        final Set<Long> trusted = new LinkedHashSet<>();
        RunRecord stored = RunRecord.dispatched(1, THREAD, T0)
                .withTally(new RunRecord.Tally(1, List.of(), List.of(), "h0", null, null, null, 0));
        final Map<String, List<Long>> receipts = new LinkedHashMap<>();
        final Map<String, Instant> receiptTime = new HashMap<>();
        boolean running = true;
        Instant turnRequestedAt = T0;
        long nextId = 100;
        int minute = 2;

        ThreadView thread() {
            return new ThreadView(THREAD, running ? "running" : "ready", "turn", running ? "running" : "completed",
                    turnRequestedAt, null, turnRequestedAt, List.of(RunFixtures.pushed(SHA1, 1)), List.of(), true);
        }

        RunState state() {
            RunRecord.Tally t = stored.tally();
            List<Long> done = new ArrayList<>(t.relayed());
            done.addAll(t.relaying());
            CommentRelay.Selection sel = CommentRelay.select(comments, T0, "afk-bot", Set.of(), LEVELS, done);
            return new RunState(RunFixtures.inProgress(), stored, thread(), true,
                    new CiVerdict(CiVerdict.State.PENDING, List.of()), null, min(minute))
                    .withRelay(new RunState.Relay(sel.ids(), "h0"));
        }

        /** One watch tick; {@code crash} cuts a relay short at that point. Returns false when the run ended. */
        boolean tick(Step crash) {
            minute++;
            Decision d = RunFixtures.machine().next(state());
            switch (d.action().kind()) {
                case WAIT, REFRESH_CHECKLIST -> {
                    stored = d.next();
                    return true;
                }
                case RELAY -> {
                    if (crash == Step.CRASH_BEFORE_INTENT) {
                        return true;
                    }
                    stored = d.next();
                    if (crash == Step.CRASH_BEFORE_SEND) {
                        return true;
                    }
                    Action.Relay r = (Action.Relay) d.action();
                    String command = RunIds.relayCommandId(THREAD, r.key(d.next()));
                    if (!receipts.containsKey(command)) {
                        assertThat(running).as("a new relay command into a running turn").isFalse();
                        receipts.put(command, r.commentIds());
                        receiptTime.put(command, min(minute));
                        running = true;
                        turnRequestedAt = min(minute);
                    }
                    if (crash == Step.CRASH_BEFORE_RECORD) {
                        return true;
                    }
                    stored = d.next().withRelayed(receiptTime.get(command));
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }

        void comment(boolean byTrusted) {
            long id = nextId++;
            comments.add(new IssueComment(id, byTrusted ? "wes" : "rita", false, min(minute), "comment " + id));
            if (byTrusted) {
                trusted.add(id);
            }
        }
    }

    @Property(tries = 500)
    void everyTrustedCommentIsSentInExactlyOneNewCommandAndNoUntrustedOneEver(@ForAll("steps") List<Step> steps) {
        World w = new World();
        for (Step s : steps) {
            boolean open = switch (s) {
                case TICK -> w.tick(null);
                case SETTLE -> {
                    w.running = false;
                    yield true;
                }
                case TRUSTED_COMMENT -> {
                    w.comment(true);
                    yield true;
                }
                case UNTRUSTED_COMMENT -> {
                    w.comment(false);
                    yield true;
                }
                default -> w.tick(s);
            };
            assertThat(open).as("the run never ends in this model").isTrue();
            assertAtMostOnce(w);
        }
        // Quiesce: turns settle and ticks run without crashes until nothing is left to relay.
        for (int i = 0; i < 20; i++) {
            w.running = false;
            assertThat(w.tick(null)).isTrue();
            assertAtMostOnce(w);
        }
        List<Long> sent = w.receipts.values().stream().flatMap(List::stream).toList();
        assertThat(sent).containsExactlyInAnyOrderElementsOf(w.trusted);
        assertThat(w.stored.tally().relayed()).containsExactlyInAnyOrderElementsOf(w.trusted);
        assertThat(w.stored.relayPending()).isFalse();
        assertThat(w.stored.tally().turns()).isEqualTo(1 + w.receipts.size());
    }

    private static void assertAtMostOnce(World w) {
        List<Long> sent = w.receipts.values().stream().flatMap(List::stream).toList();
        assertThat(sent).doesNotHaveDuplicates();
        assertThat(w.trusted).containsAll(sent);
        // Batches go out in the order the comments were written.
        List<Long> ordered = new ArrayList<>(sent);
        ordered.sort(Long::compare);
        assertThat(sent).isEqualTo(ordered);
    }
}
