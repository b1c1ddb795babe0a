package dev.afk.plane;

import dev.afk.adapter.AfkComment;
import dev.afk.core.CiVerdict;
import dev.afk.core.Decision;
import dev.afk.core.DeployVerdict;
import dev.afk.core.Issue;
import dev.afk.core.RunRecord;
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

    WatchJob(Issue issue, java.util.Map<String, ThreadView> fleet) {
        this.issue = issue;
        this.fleet = fleet;
    }

    @Override
    public String toString() {
        return "WatchJob[" + issue.key() + "]";
    }
}
