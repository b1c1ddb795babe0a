package dev.afk.plane;

import dev.afk.adapter.AfkComment;
import dev.afk.core.AttemptHistory;
import dev.afk.core.Issue;
import dev.afk.core.PersonComment;
import dev.afk.core.RunRecord;
import java.util.List;

/**
 * What one dispatch has learned so far, carried through the steps of {@code afk-dispatch} as the exchange
 * variable {@code job}. Lives for one exchange; nothing here survives the tick.
 */
public final class DispatchJob {

    final Issue listed;
    final boolean finishStamp;
    Issue fresh;
    AfkComment comment;
    RunRecord previous;
    int attempt;
    String threadId;
    /** The default branch's head when this attempt was dispatched; see RunRecord#base. */
    String base;
    /** The earlier attempts the record of this attempt is written with, newest first (see AttemptHistory). */
    List<AttemptHistory.Entry> history = List.of();
    /** People's comments since the earliest of them ended, oldest first; null when not read or unreadable. */
    List<PersonComment> comments;
    String refusal;
    /** The budget's verdict on this attempt (issue 10): admitted with the tally it starts with, or refused. */
    dev.afk.core.Budget.Admission admission;
    /** What people said since the previous attempt ended: read only for a refused admission (the grants). */
    dev.afk.adapter.RunComments said;
    /** The ended record of a refused dispatch, handed to afk-hand-back. */
    RunRecord refusedRecord;

    DispatchJob(Issue listed, boolean finishStamp) {
        this.listed = listed;
        this.finishStamp = finishStamp;
    }

    public Issue issue() {
        return fresh != null ? fresh : listed;
    }

    @Override
    public String toString() {
        return "DispatchJob[" + listed.key() + " attempt=" + attempt + "]";
    }
}
