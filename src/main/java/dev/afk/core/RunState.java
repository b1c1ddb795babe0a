package dev.afk.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the watch tick gathered about one in-progress run, frozen for {@link RunStateMachine}.
 *
 * @param issue  the issue as listed now (labels, open or closed)
 * @param record the AFK comment's record; null when the issue carries {@code in-progress} but AFK never recorded
 *               a run (a human put the label on)
 * @param thread the thread from the fleet read, with detail attached when it was read; null when T3 does not
 *               list the thread
 * @param shaConfirmed true when the tracker confirmed the latest reported pushed SHA exists
 * @param ci     CI verdict for the confirmed SHA; {@link CiVerdict#NONE} when there is none yet
 * @param deploy deploy verdict for the confirmed SHA
 * @param now    the tick's clock reading
 * @param recordUnreadable the AFK comment carries the state marker but it could not be read; {@code record} is then
 *               what could be recovered from the visible text and T3 (see {@link RecordRecovery}), or null
 * @param stop   whether the agent of an ended attempt has stopped; read only for a record whose stop is pending,
 *               null otherwise
 * @param stopAsk a person's {@code /afk stop} on the issue for this attempt; {@link StopAsk#NONE} when none
 * @param halted the operator halted the fleet ({@code AFK_KILL_SWITCH_FILE} says {@code halt}): every run in
 *               flight is stopped and handed back
 * @param relay  what the issue holds for the agent that this attempt has not relayed yet (issue 10): the comments
 *               {@link CommentRelay#select} chose, and the issue text's current hash; {@link Relay#NONE} when nothing
 *               was read
 */
public record RunState(
        Issue issue,
        RunRecord record,
        ThreadView thread,
        boolean shaConfirmed,
        CiVerdict ci,
        DeployVerdict deploy,
        Instant now,
        boolean recordUnreadable,
        StopView stop,
        StopAsk stopAsk,
        boolean halted,
        Relay relay) {

    /**
     * The relay candidates of one tick.
     *
     * @param commentIds the ids of the comments to relay, in relay order ({@link CommentRelay.Selection#ids()})
     * @param bodyHash   {@link CommentRelay#bodyHash} of the issue's title and body as listed now; null: not read
     */
    public record Relay(List<Long> commentIds, String bodyHash) {
        public static final Relay NONE = new Relay(List.of(), null);

        public Relay {
            commentIds = commentIds == null ? List.of() : List.copyOf(commentIds);
        }
    }

    public RunState {
        Objects.requireNonNull(issue, "issue");
        ci = ci == null ? CiVerdict.NONE : ci;
        deploy = deploy == null ? DeployVerdict.NONE : deploy;
        Objects.requireNonNull(now, "now");
        stopAsk = stopAsk == null ? StopAsk.NONE : stopAsk;
        relay = relay == null ? Relay.NONE : relay;
    }

    /** A run with nothing read for the relay. */
    public RunState(Issue issue, RunRecord record, ThreadView thread, boolean shaConfirmed, CiVerdict ci,
                    DeployVerdict deploy, Instant now, boolean recordUnreadable, StopView stop, StopAsk stopAsk,
                    boolean halted) {
        this(issue, record, thread, shaConfirmed, ci, deploy, now, recordUnreadable, stop, stopAsk, halted,
                Relay.NONE);
    }

    /** This snapshot with the relay candidates {@code candidates}. */
    public RunState withRelay(Relay candidates) {
        return new RunState(issue, record, thread, shaConfirmed, ci, deploy, now, recordUnreadable, stop, stopAsk,
                halted, candidates);
    }

    /** A run of a fleet that is not halted. */
    public RunState(Issue issue, RunRecord record, ThreadView thread, boolean shaConfirmed, CiVerdict ci,
                    DeployVerdict deploy, Instant now, boolean recordUnreadable, StopView stop, StopAsk stopAsk) {
        this(issue, record, thread, shaConfirmed, ci, deploy, now, recordUnreadable, stop, stopAsk, false);
    }

    /** This snapshot with the fleet halted (or not). */
    public RunState withHalted(boolean fleetHalted) {
        return new RunState(issue, record, thread, shaConfirmed, ci, deploy, now, recordUnreadable, stop, stopAsk,
                fleetHalted, relay);
    }

    /** A run with no stop state read and no {@code /afk stop}. */
    public RunState(Issue issue, RunRecord record, ThreadView thread, boolean shaConfirmed, CiVerdict ci,
                    DeployVerdict deploy, Instant now, boolean recordUnreadable) {
        this(issue, record, thread, shaConfirmed, ci, deploy, now, recordUnreadable, null, StopAsk.NONE);
    }

    /** A run whose AFK record was read (or is absent). */
    public RunState(Issue issue, RunRecord record, ThreadView thread, boolean shaConfirmed, CiVerdict ci,
                    DeployVerdict deploy, Instant now) {
        this(issue, record, thread, shaConfirmed, ci, deploy, now, false);
    }
}
