package dev.afk.core;

import java.util.List;

/** What the watch tick does for one run, chosen by {@link RunStateMachine}. */
public sealed interface Action {

    /** Nothing changed that needs a write. */
    record Wait(String why) implements Action {}

    /** Progress: rewrite the AFK comment (only when its rendered text changes). */
    record RefreshChecklist(String why) implements Action {}

    /** CI failed within budget: a corrective turn on the same thread, carrying the failing contexts. */
    record FixForward(int round, List<CheckEvidence> evidence) implements Action {
        public FixForward {
            evidence = List.copyOf(evidence);
        }
    }

    /** Hand the issue back: drop in-progress, add ready-for-human, end the attempt, ring the doorbell. */
    record Escalate(EscalationReason reason, String evidence) implements Action {}

    /** Deployed: final checklist, drop in-progress, close the issue as completed. */
    record Close() implements Action {}

    /** Not AFK's to touch any more (a human took it back or closed it): end the record, touch no labels. */
    record Release(String why) implements Action {}
}
