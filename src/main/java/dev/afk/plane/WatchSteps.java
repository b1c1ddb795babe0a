package dev.afk.plane;

import dev.afk.adapter.AfkComment;
import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.CommitRef;
import dev.afk.adapter.FixForwardTurn;
import dev.afk.adapter.Handoff;
import dev.afk.adapter.LabelChange;
import dev.afk.adapter.RunComments;
import dev.afk.adapter.SteerTurn;
import dev.afk.adapter.StopAskQuery;
import dev.afk.adapter.StopRequest;
import dev.afk.adapter.T3Accepted;
import dev.afk.adapter.T3StopState;
import dev.afk.core.AttemptHistory;
import dev.afk.core.RecordRecovery;
import dev.afk.core.Action;
import dev.afk.core.Budget;
import dev.afk.core.CiVerdict;
import dev.afk.core.CommentRelay;
import dev.afk.core.Config;
import dev.afk.core.Decision;
import dev.afk.core.DeployVerdict;
import dev.afk.core.EscalationReason;
import dev.afk.core.Issue;
import dev.afk.core.IssueComment;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.PhaseReport;
import dev.afk.core.RelayPrompt;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.core.RunState;
import dev.afk.core.RunStateMachine;
import dev.afk.core.StopAsk;
import dev.afk.core.StopView;
import dev.afk.core.ThreadView;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the watch tick that are not I/O: which runs to look at, what must be read for each (only what
 * changed), the {@link RunState} for {@link RunStateMachine}, and the writes its action needs.
 */
public class WatchSteps {

    private static final Logger LOG = LoggerFactory.getLogger("afk");
    private static final String HALT_SUBJECT = "afk-halt";

    private final Config config;
    private final Clock clock;
    private final RunStateMachine machine;
    private final DetailCache details;
    private final PlaneStatus status;
    private final OnceLog onceLog;
    /** GitHub's rate-limit guard (issue 12); null for none. */
    private RateLimitGuard rateLimitGuard;

    public WatchSteps(Config config, Clock clock, RunStateMachine machine, DetailCache details, PlaneStatus status,
                      OnceLog onceLog) {
        this.config = config;
        this.clock = clock;
        this.machine = machine;
        this.details = details;
        this.status = status;
        this.onceLog = onceLog;
    }

    /**
     * One job per issue carrying in-progress (open or closed) of the repos whose listing worked; the fleet is kept
     * for the runs. Items that could not be read were logged by the listing step and are not judged.
     */
    public List<WatchJob> runs(List<ListingResult> listings, Map<String, ThreadView> fleetRead) {
        return runs(listings, fleetRead, false);
    }

    /**
     * As {@link #runs(List, Map)}; {@code halted} (the kill switch said halt when the tick began) goes into every
     * job, so {@link RunStateMachine} stops and hands back each run. Once a halted tick finds no run left, that is
     * logged once.
     */
    public List<WatchJob> runs(List<ListingResult> listings, Map<String, ThreadView> fleetRead, boolean halted) {
        Map<String, ThreadView> fleet = fleetRead == null ? Map.of() : fleetRead;
        Set<dev.afk.core.RepoRef> failed = PollSteps.failedRepos(listings);
        Map<IssueKey, Issue> byKey = new LinkedHashMap<>();
        for (ListingResult r : listings) {
            if (r != null && !failed.contains(r.query().repo())) {
                r.issues().forEach(i -> byKey.putIfAbsent(i.key(), i));
            }
        }
        status.watchListed(byKey.size(), failed);
        if (!halted) {
            onceLog.forget(HALT_SUBJECT);
        } else if (byKey.isEmpty() && failed.isEmpty()) {
            onceLog.log(HALT_SUBJECT, "AFK is halted: every run in flight was handed back; nothing is dispatched "
                    + "until " + dev.afk.core.KillSwitch.VARIABLE + " says false");
        } else {
            onceLog.log(HALT_SUBJECT, "AFK is halting: " + byKey.size() + " run(s) in flight are being stopped and "
                    + "handed back" + (failed.isEmpty() ? "" : " (listing failed for " + failed + ")"));
        }
        return byKey.values().stream().map(i -> new WatchJob(i, fleet, halted)).toList();
    }

    public IssueKey key(WatchJob job) {
        return job.issue.key();
    }

    /**
     * Reads the record from the AFK comment. A comment whose marker is there but unreadable is recovered (attempt
     * from its header and T3's threads) only to be handed back loudly: AFK does not act on a run it cannot read.
     */
    public void recordFound(WatchJob job, AfkComment comment) {
        job.comment = comment;
        job.record = comment == null ? null : PhaseChecklist.parse(comment.body()).orElse(null);
        job.recordUnreadable = comment != null && RecordRecovery.unreadable(comment.body());
        if (job.recordUnreadable) {
            job.record = RecordRecovery.recover(job.issue.key(), comment.body(), job.fleet.keySet(), clock.instant());
            // Only the fleet view, for the stop: AFK does not read the reports of a run it cannot read.
            job.fleetView = job.record == null ? null : job.fleet.get(job.record.thread());
            return;
        }
        job.fleetView = job.record == null ? null : job.fleet.get(job.record.thread());
        job.thread = job.fleetView == null ? null : details.attach(job.fleetView);
        if (job.record != null && job.record.stopPending() && job.fleetView == null) {
            job.stop = StopView.GONE; // T3 no longer lists the thread: nothing is left to stop
        }
    }

    /**
     * The stop state is read only for a run whose record has a stop pending and whose thread T3 still lists: a run
     * without a stop costs no read (TickCostBenchmark).
     */
    public boolean needsStopState(WatchJob job) {
        return job.record != null && job.record.stopPending() && job.fleetView != null && job.stop == null;
    }

    public void stopState(WatchJob job, T3StopState state) {
        job.stop = new StopView(state.settled(), state.latestTurn().name().toLowerCase(), state.settledAt(),
                state.sessionStatus());
    }

    /**
     * Whether a {@code /afk stop} comment can matter for this run (open attempt on an open issue with a readable
     * record). The hook in routes/watch.camel.yaml asks this before it reads the comments ({@code direct:afk-stop-ask}).
     */
    public boolean needsStopAsk(WatchJob job) {
        return job.record != null && !job.record.ended() && !job.recordUnreadable && job.issue.open()
                && (rateLimitGuard == null || !rateLimitGuard.low());
    }

    /**
     * While GitHub's budget is under {@code AFK_RATELIMIT_RESERVE} the per-run comment read ({@code /afk stop}, the
     * relay) waits for the reset: the same as a failed read, so nothing is stopped or relayed on a guess.
     */
    void rateLimitGuard(RateLimitGuard guard) {
        this.rateLimitGuard = guard;
    }

    /** What {@code direct:afk-stop-ask} reads: the issue's comments since this attempt was dispatched. */
    public StopAskQuery stopAskQuery(WatchJob job) {
        RunRecord.Tally t = job.record.tally();
        List<Long> done = new java.util.ArrayList<>(t.relayed());
        done.addAll(t.relaying());
        return new StopAskQuery(job.issue.key(), job.record.dispatchedAt(), done);
    }

    /**
     * The {@code /afk stop} judgement for this attempt and the comments to relay (what is ignored was logged once by
     * afk-stop-ask).
     */
    public void stopAsked(WatchJob job, RunComments said) {
        job.comments = said == null ? RunComments.UNREAD : said;
        job.stopAsk = job.comments.ask();
    }

    /** The thread's detail is read only when the fleet shows it changed since the last read. */
    public boolean needsDetail(WatchJob job) {
        return job.fleetView != null && job.thread == null && job.record != null && !job.record.ended()
                && job.issue.open();
    }

    public String threadId(WatchJob job) {
        return job.fleetView.threadId();
    }

    public void detail(WatchJob job, ThreadView detail) {
        details.put(job.fleetView, detail);
        // Whether the latest turn was answered belongs to the turn the detail saw; a newer one is not known yet.
        Boolean answered = java.util.Objects.equals(detail.latestTurnId(), job.fleetView.latestTurnId())
                ? detail.latestTurnAnswered() : null;
        job.thread = job.fleetView.withDetail(detail.reports(), detail.errors(), answered).withTokens(detail.tokens());
    }

    /**
     * Takes the latest SHA the agent reported for this attempt. A SHA the record already holds is confirmed as it
     * stands (it was checked when first reported); a new one waits for {@link #needsShaCheck}'s tracker check.
     */
    public void reportedSha(WatchJob job) {
        if (job.record == null || job.record.ended() || job.thread == null) {
            return;
        }
        job.reportedSha = RunStateMachine.latestPush(job.thread.reports(), job.record.dispatchedAt())
                .map(PhaseReport::sha).orElse(null);
        if (job.reportedSha != null && job.reportedSha.equals(job.record.sha())) {
            job.shaConfirmed = true;
            job.sha = job.reportedSha;
        }
    }

    /** A newly reported SHA is believed only once the tracker confirms the commit; a known one is not re-checked. */
    public boolean needsShaCheck(WatchJob job) {
        return job.reportedSha != null && !job.reportedSha.equals(job.record.sha());
    }

    /** The reported commit, and the base it must be new against (null for a record written before AFK kept it). */
    public CommitRef reportedCommit(WatchJob job) {
        return new CommitRef(job.issue.repo(), job.reportedSha, job.record.base());
    }

    public void shaChecked(WatchJob job, Boolean exists) {
        job.shaConfirmed = Boolean.TRUE.equals(exists);
        job.sha = job.shaConfirmed ? job.reportedSha : null;
    }

    /** CI is read only for the latest reported SHA once it is confirmed. */
    public boolean needsCi(WatchJob job) {
        return job.sha != null;
    }

    public CommitRef commit(WatchJob job) {
        return new CommitRef(job.issue.repo(), job.sha);
    }

    public void ci(WatchJob job, CiVerdict verdict) {
        job.ci = verdict == null ? CiVerdict.NONE : verdict;
    }

    /** Deploy status matters only once CI is green. */
    public boolean needsDeploy(WatchJob job) {
        return job.sha != null && job.ci.state() == CiVerdict.State.SUCCESS;
    }

    public void deploy(WatchJob job, DeployVerdict verdict) {
        job.deploy = verdict == null ? DeployVerdict.NONE : verdict;
    }

    /** Runs the state machine; returns the action's {@link dev.afk.core.ActionKind} for the route's choice. */
    public String decide(WatchJob job) {
        // A run whose detail was not read (a closed issue, an ended attempt) is stopped by its fleet view.
        ThreadView thread = job.thread != null ? job.thread : job.fleetView;
        RunState.Relay relay = new RunState.Relay(job.comments.relay().ids(),
                CommentRelay.bodyHash(job.issue.title(), job.issue.body()));
        job.decision = machine.next(new RunState(job.issue, job.record, thread, job.shaConfirmed, job.ci,
                job.deploy, clock.instant(), job.recordUnreadable, job.stop, job.stopAsk, job.halted)
                .withRelay(relay));
        if (job.decision.action() instanceof Action.Relay r && !job.comments.read() && !r.commentIds().isEmpty()) {
            // The batch's text is the comments themselves: never send it without them (its command id would then
            // carry a text missing what people wrote). The next tick reads again.
            job.decision = new Decision(new Action.Wait("relay of comments " + r.commentIds() + " waits: the "
                    + "comments could not be read this tick"), job.record);
        }
        return job.decision.action().kind().name();
    }

    /** The interrupt or session stop of the decision: round n on the attempt's thread (a derived commandId). */
    public StopRequest stopRequest(WatchJob job) {
        String thread = job.decision.next().thread();
        if (job.decision.action() instanceof Action.Interrupt i) {
            return new StopRequest(thread, i.round());
        }
        return new StopRequest(thread, ((Action.StopSession) job.decision.action()).round());
    }

    /**
     * How this tick ended the stop of the agent, for {@code afk.stops{outcome}}: {@code settled} (the attempt ended
     * with its agent already settled or gone: nothing was sent), {@code confirmed} (T3 showed the stop settled),
     * {@code failed} (still running a bound after the session stop); null when no stop ended this tick.
     */
    public String stopOutcome(WatchJob job) {
        RunRecord before = job.record;
        RunRecord after = job.decision.next();
        Action action = job.decision.action();
        boolean finish = action instanceof Action.Escalate || action instanceof Action.Release
                || action instanceof Action.Close;
        if (before != null && before.stopPending() && finish) {
            return after != null && after.stop() != null && after.stop().couldNotStop() ? "failed" : "confirmed";
        }
        if ((before == null || !before.ended()) && after != null && after.stop() != null && !after.stop().pending()) {
            return "settled";
        }
        return null;
    }

    /** The AFK comment write the decision needs, or null when the rendered text would not change. */
    public CommentWrite recordWrite(WatchJob job) {
        RunRecord next = job.decision.next();
        if (next == null) {
            return null;
        }
        String body = AttemptHistory.carry(PhaseChecklist.render(job.issue.key(), next, job.issue.htmlUrl(),
                        machine.budget()),
                job.comment == null ? null : job.comment.body());
        if (job.comment != null && body.equals(job.comment.body())) {
            return null;
        }
        return new CommentWrite(job.issue.key(), job.comment == null ? null : job.comment.id(), body);
    }

    /**
     * The relay turn of the decision: the batch's comments (looked up in what this tick read: a batch re-sent after
     * a crash is quoted again from the tracker) and, when the issue text changed, the new text; the ids derive from
     * the batch ({@link RunIds#relayCommandId}), so a re-send is the same command.
     */
    public SteerTurn steerTurn(WatchJob job) {
        Action.Relay r = (Action.Relay) job.decision.action();
        String key = r.key(job.decision.next());
        Map<Long, IssueComment> byId = new LinkedHashMap<>();
        job.comments.comments().forEach(c -> byId.putIfAbsent(c.id(), c));
        List<IssueComment> batch = r.commentIds().stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
        String thread = job.decision.next().thread();
        return new SteerTurn(job.issue.key(), thread, RunIds.relayCommandId(thread, key),
                RunIds.relayMessageId(thread, key),
                RelayPrompt.text(job.issue.key(), batch, r.bodyHash() == null ? null : job.issue,
                        config.promptMaxBodyChars()));
    }

    /** T3 accepted the relay turn: the batch is relayed, and the record waits on the turn from T3's time for it. */
    public void relayAccepted(WatchJob job, T3Accepted accepted) {
        job.decision = new Decision(job.decision.action(), job.decision.next().withRelayed(accepted.requestedAt()));
    }

    /** How many comments the relay turn carried (for {@code afk.relayed.comments}). */
    public int relayedCount(WatchJob job) {
        return ((Action.Relay) job.decision.action()).commentIds().size();
    }

    /**
     * The limit of a {@link EscalationReason#BUDGET_EXHAUSTED} end this tick started (its record ended now; for
     * {@code afk.budget.exhausted{limit}}, counted once per end), or null.
     */
    public String exhaustedLimit(WatchJob job) {
        RunRecord next = job.decision.next();
        if (!endedNow(job) || next == null || !next.ended()
                || !EscalationReason.BUDGET_EXHAUSTED.name().equals(next.endReason())) {
            return null;
        }
        // The end is this tick's whether its first action is the hand-off (a settled agent) or the interrupt.
        return Budget.limitOf(next).map(Budget.Limit::wire).orElse(null);
    }

    /** The run's repository, {@code owner/name} (the tag of {@code afk.tokens}). */
    public String repo(WatchJob job) {
        return job.issue.repo().slug();
    }

    /** Tokens T3 reported for the run since the record was last written (for {@code afk.tokens}); 0 for none. */
    public long newTokens(WatchJob job) {
        RunRecord next = job.decision.next();
        if (job.record == null || next == null || next.tally().issueTokens() == null) {
            return 0;
        }
        Long before = job.record.tally().issueTokens();
        return Math.max(0, next.tally().issueTokens() - (before == null ? 0 : before));
    }

    public FixForwardTurn fixForwardTurn(WatchJob job) {
        Action.FixForward ff = (Action.FixForward) job.decision.action();
        return new FixForwardTurn(job.issue.key(), job.record.thread(), ff.round(), job.sha, ff.evidence());
    }

    /**
     * T3 accepted the fix-forward turn: the record waits on the turn from the time T3 recorded for it. A re-sent
     * round (its record write failed last tick) is answered as the original, so its reports still count.
     */
    public void fixForwardAccepted(WatchJob job, T3Accepted accepted) {
        job.decision = new Decision(job.decision.action(), job.decision.next().withTurnAt(accepted.requestedAt()));
    }

    /** The AFK comment as the tracker stored it (a first write creates it, and the hand-off edits it again). */
    public void recordWritten(WatchJob job, AfkComment written) {
        if (written != null) {
            job.comment = written;
        }
    }

    /** True when this tick ended the attempt (not the resumption of an end a failure cut short). */
    public boolean endedNow(WatchJob job) {
        return job.record != null && !job.record.ended();
    }

    public HandBack handBack(WatchJob job) {
        Action.Escalate e = (Action.Escalate) job.decision.action();
        RunRecord r = job.decision.next() != null ? job.decision.next() : job.record;
        Handoff packet = new Handoff(job.issue.key(), job.issue.htmlUrl(), r.attempt(), r.phase(), e.reason(),
                e.evidence(), r.thread());
        // Fresh (counted, logged as an escalation) when the hand-off starts this tick: the attempt ended now, or its
        // agent's stop ended now; a hand-off resumed after a failure is neither.
        boolean fresh = endedNow(job) || job.record.stopPending();
        HandBack h = new HandBack(job.issue.key(), packet, r, job.comment == null ? null : job.comment.id(), fresh,
                job.issue.labels());
        h.carried = job.comment == null ? null : job.comment.body();
        return h;
    }

    /**
     * A deploy's close is sent only while the issue is open and AFK's close has not gone through yet: a closed issue,
     * or one a person reopened after AFK closed it, only loses AFK's labels.
     */
    public boolean needsClose(WatchJob job) {
        RunRecord r = job.decision.next();
        return job.issue.open() && (r == null || !r.closeSent());
    }

    /** The record after the close went through (edited in place: the AFK comment exists by now). */
    public CommentWrite closeSent(WatchJob job) {
        RunRecord r = job.decision.next().withCloseSent();
        job.decision = new Decision(job.decision.action(), r);
        return new CommentWrite(job.issue.key(), job.comment == null ? null : job.comment.id(),
                AttemptHistory.carry(PhaseChecklist.render(job.issue.key(), r, job.issue.htmlUrl(), machine.budget()),
                        job.comment == null ? null : job.comment.body()));
    }

    public boolean carriesReady(WatchJob job) {
        return job.issue.hasLabel(config.labels().ready());
    }

    public LabelChange removeReady(WatchJob job) {
        return new LabelChange(job.issue.key(), config.labels().ready());
    }

    public LabelChange removeInProgress(WatchJob job) {
        return new LabelChange(job.issue.key(), config.labels().inProgress());
    }

    /** One log line per transition, so the log tells each issue's story. */
    public void done(WatchJob job) {
        onceLog.forget("watch:" + job.issue.key());
        Action action = job.decision.action();
        RunRecord before = job.record;
        RunRecord after = job.decision.next();
        IssueKey key = job.issue.key();
        if (before != null && after != null && after.phase() != before.phase()) {
            LOG.info("progress issue={} attempt={} phase={} (was {}){}", key, after.attempt(), after.phase().wire(),
                    before.phase().wire(), after.sha() != null && after.phase() == Phase.PUSHED ? " sha=" + after.sha() : "");
        }
        if (action instanceof Action.FixForward ff) {
            LOG.info("fix-forward issue={} round={}/{} sha={} failing={}", key, ff.round(), config.maxFixForward(),
                    job.sha, ff.evidence().stream().map(dev.afk.core.CheckEvidence::context).toList());
        } else if (action instanceof Action.Relay r) {
            LOG.info("relayed issue={} attempt={} thread={} comments={}{} turns={} why=\"{}\"", key,
                    after.attempt(), after.thread(), r.commentIds(), r.bodyHash() == null ? "" : " and the issue text",
                    after.tally().turns(), r.why());
        } else if (action instanceof Action.Escalate) {
            // afk-hand-back logs the hand-off once it is complete
        } else if (action instanceof Action.Close) {
            if (endedNow(job)) {
                LOG.info("closed issue={} attempt={} (deployed)", key, after == null ? 0 : after.attempt());
            } else {
                LOG.info("finished the close issue={} attempt={} (labels dropped)", key, after == null ? 0
                        : after.attempt());
            }
        } else if (action instanceof Action.Release r) {
            onceLog.log(key.toString(), "released", "released issue=" + key + " why=\"" + r.why()
                    + "\"; in-progress dropped");
        } else if (action instanceof Action.Interrupt i) {
            // A released run's record is never rewritten, so the same round is re-sent (same commandId, which T3
            // answers as the original) every tick until the bound: logged once per round, not once per tick.
            onceLog.log("stop:" + key, "interrupt " + i.round(), "stopping issue=" + key + " attempt="
                    + after.attempt() + " thread=" + after.thread() + " interrupt round=" + i.round() + " why=\""
                    + i.why() + "\"");
        } else if (action instanceof Action.StopSession st) {
            onceLog.warn("stop:" + key, "session-stop " + st.round(), "stopping issue=" + key + " attempt="
                    + after.attempt() + " thread=" + after.thread() + " thread.session.stop round=" + st.round()
                    + " why=\"" + st.why() + "\"");
        } else if (action instanceof Action.Wait w && before != null && before.stopPending()) {
            onceLog.log("stop:" + key, "pending", "stop pending issue=" + key + " why=\"" + w.why() + "\"");
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("watch issue={} action={}", key, action);
        }
        String outcome = stopOutcome(job);
        if ("confirmed".equals(outcome)) {
            onceLog.forget("stop:" + key);
            LOG.info("stopped issue={} attempt={} thread={} confirmed at {} (stop requested {})", key,
                    before.attempt(), before.thread(), job.stop != null && job.stop.settledAt() != null
                            ? job.stop.settledAt() : clock.instant(),
                    before.stop().requestedAt());
        } else if ("failed".equals(outcome)) {
            onceLog.forget("stop:" + key);
            LOG.warn("could not stop issue={} attempt={} thread={}: {} (stop requested {}, thread.session.stop {})",
                    key, before.attempt(), before.thread(), RunStateMachine.COULD_NOT_STOP,
                    before.stop().requestedAt(), before.stop().sessionStopAt());
        }
        status.watched(job.issue, after != null ? after : before, action);
    }

    /** One WARN while the same failure repeats (DEBUG on the ticks after); the next success forgets it. */
    public void failed(WatchJob job, Exception e) {
        onceLog.warn("watch:" + job.issue.key(), "failed", "watch failed issue=" + job.issue.key() + " error=\""
                + e.getMessage() + "\"; nothing was decided, retried next tick");
        status.failure(job.issue.key(), "watch: " + e.getMessage());
    }
}
