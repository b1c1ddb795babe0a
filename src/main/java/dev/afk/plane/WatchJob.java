package dev.afk.plane;

import dev.afk.adapter.RunComments;

import dev.afk.adapter.AfkComment;
import dev.afk.core.CiVerdict;
import dev.afk.core.Decision;
import dev.afk.core.DeployVerdict;
import dev.afk.core.Issue;
import dev.afk.core.RunRecord;
import dev.afk.core.StopAsk;
import dev.afk.core.StopView;
import dev.afk.core.ThreadView;

/** What the watch tick learned about one run, carried through {@code afk-watch-run} as the variable {@code job}. */
public final class WatchJob {

    final Issue issue;
    /** This tick's fleet read, shared by every run of the tick. */
    final java.util.Map<String, ThreadView> fleet;
    AfkComment comment;
    RunRecord record;
    /** The AFK comment carries the marker but its state could not be read; record is then the recovered one. */
    boolean recordUnreadable;
    ThreadView fleetView;
    ThreadView thread;
    String reportedSha;
    boolean shaConfirmed;
    String sha;
    CiVerdict ci = CiVerdict.NONE;
    DeployVerdict deploy = DeployVerdict.NONE;
    Decision decision;
    /** Whether the agent of an ended attempt stopped; read only while the record's stop is pending. */
    StopView stop;
    /** A person's {@code /afk stop} for this attempt (set by the stop-ask reader's step; none until then). */
    StopAsk stopAsk = StopAsk.NONE;
    /** What people said since the dispatch (read with the stop ask); {@link RunComments#UNREAD} until then. */
    RunComments comments = RunComments.UNREAD;
    /** The kill switch said halt when this tick began: every run of the tick is stopped and handed back. */
    final boolean halted;

    WatchJob(Issue issue, java.util.Map<String, ThreadView> fleet) {
        this(issue, fleet, false);
    }

    WatchJob(Issue issue, java.util.Map<String, ThreadView> fleet, boolean halted) {
        this.issue = issue;
        this.fleet = fleet;
        this.halted = halted;
    }

    @Override
    public String toString() {
        return "WatchJob[" + issue.key() + "]";
    }
}
