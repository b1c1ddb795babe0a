package dev.afk.core;

import java.util.List;

/** What the watch tick does for one run, chosen by {@link RunStateMachine}. */
public sealed interface Action {

    /** What the route does with this action; see {@link ActionKind}. */
    ActionKind kind();

    /** Nothing changed that needs a write. */
    record Wait(String why) implements Action {
        public ActionKind kind() {
            return ActionKind.WAIT;
        }
    }

    /** Progress: rewrite the AFK comment (only when its rendered text changes). */
    record RefreshChecklist(String why) implements Action {
        public ActionKind kind() {
            return ActionKind.REFRESH_CHECKLIST;
        }
    }

    /** CI failed within budget: a corrective turn on the same thread, carrying the failing contexts. */
    record FixForward(int round, List<CheckEvidence> evidence) implements Action {
        public FixForward {
            evidence = List.copyOf(evidence);
        }

        public ActionKind kind() {
            return ActionKind.FIX_FORWARD;
        }
    }

    /**
     * Hand the issue back: end the attempt, ring the doorbell (unless this attempt's hand-off already rang it), add
     * ready-for-human, drop ready-for-agent and in-progress. Also the resumption of a hand-off a failure cut short.
     * {@code limit} is the budget limit a {@link EscalationReason#BUDGET_EXHAUSTED} hand-off crossed (the tag of
     * {@code afk_budget_exhausted_total{limit}}); null for every other reason.
     */
    record Escalate(EscalationReason reason, String evidence, Budget.Limit limit) implements Action {

        /**
         * A hand-off for any reason but the budget's.
         */
        public Escalate(EscalationReason reason, String evidence) {
            this(reason, evidence, null);
        }

        public ActionKind kind() {
            return ActionKind.ESCALATE;
        }
    }

    /** Deployed: final checklist, close the issue as completed, drop in-progress and ready-for-agent (also resumed). */
    record Close() implements Action {
        public ActionKind kind() {
            return ActionKind.CLOSE;
        }
    }

    /**
     * Not AFK's to drive any more (a person took it over or closed it, or a closed issue still carries the lock of an
     * ended attempt): end the record and drop AFK's own {@code in-progress} lock; touch no other label.
     */
    record Release(String why) implements Action {
        public ActionKind kind() {
            return ActionKind.RELEASE;
        }
    }

    /**
     * The attempt ended (or its stop is pending) and its agent still works: send {@code thread.turn.interrupt} round
     * {@code round} (a re-sent round is the same command, docs/reference/t3-control.md §3.3), then write the record. The end's own
     * finish (hand-off, release, close) waits until T3 shows the agent settled or the stop is declared failed.
     */
    record Interrupt(int round, String why) implements Action {
        public Interrupt {
            if (round < 1) {
                throw new IllegalArgumentException("round must be >= 1: " + round);
            }
        }

        public ActionKind kind() {
            return ActionKind.INTERRUPT;
        }
    }

    /**
     * The interrupt did not settle the session within {@code AFK_STOP_CONFIRM_SECONDS}: send
     * {@code thread.session.stop} round {@code round} (it ends the provider process, §7.2), then write the record.
     */
    record StopSession(int round, String why) implements Action {
        public StopSession {
            if (round < 1) {
                throw new IllegalArgumentException("round must be >= 1: " + round);
            }
        }

        public ActionKind kind() {
            return ActionKind.STOP_SESSION;
        }
    }

    /**
     * Relay a batch to the agent as one new turn on the same thread (issue 10, item 1): the comments
     * {@code commentIds}, in order, and, when {@code bodyHash} is set, the edited text (the text whose hash
     * it is). The route writes the decision's record first (its tally's {@code relaying} is this batch), then sends
     * the turn under {@link RunIds#relayCommandId} / {@link RunIds#relayMessageId} of {@link #key}, then writes
     * {@link RunRecord#withRelayed} of that record; a re-decided pending relay is the same batch and the same ids.
     *
     * @param commentIds the comments' tracker ids, in relay order; may be empty when only the issue text changed
     * @param bodyHash   {@link CommentRelay#bodyHash} of the edited issue text to relay; null when it did not change
     */
    record Relay(List<Long> commentIds, String bodyHash, String why) implements Action {
        public Relay {
            commentIds = List.copyOf(commentIds);
            if (commentIds.isEmpty() && bodyHash == null) {
                throw new IllegalArgumentException("a relay needs a comment or an edited issue text");
            }
        }

        /** The batch's name for its ids ({@link RunIds#relayKey}); {@code intent} is the decision's record. */
        public String key(RunRecord intent) {
            return RunIds.relayKey(commentIds, bodyHash, intent.tally().turns());
        }

        public ActionKind kind() {
            return ActionKind.RELAY;
        }
    }
}
