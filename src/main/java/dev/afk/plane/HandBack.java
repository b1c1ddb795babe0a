package dev.afk.plane;

import dev.afk.adapter.Handoff;
import dev.afk.core.IssueKey;
import dev.afk.core.RunRecord;
import java.util.Set;

/**
 * One hand-off to a person, carried through {@code afk-hand-back} as the variable {@code handBack}: the ended
 * record as the AFK comment now holds it, the comment's id, and the packet for the doorbell.
 *
 * @param fresh true when this tick ended the attempt; false when it finishes a hand-off an earlier failure cut short
 */
public final class HandBack {

    final IssueKey key;
    final Handoff handoff;
    final Long commentId;
    final boolean fresh;
    /** The issue's labels as last read, so a label already in place costs no call. */
    final Set<String> labels;
    RunRecord record;
    /** The AFK comment as the hand-off found it, whose afk:history its own write carries (null: none). */
    String carried;

    HandBack(IssueKey key, Handoff handoff, RunRecord record, Long commentId, boolean fresh, Set<String> labels) {
        this.key = key;
        this.handoff = handoff;
        this.record = record;
        this.commentId = commentId;
        this.fresh = fresh;
        this.labels = Set.copyOf(labels);
    }

    public boolean fresh() {
        return fresh;
    }

    public String reason() {
        return handoff.reason() == null ? "unknown" : handoff.reason().name();
    }

    @Override
    public String toString() {
        return "HandBack[" + key + " attempt=" + record.attempt() + " reason=" + reason() + "]";
    }
}
