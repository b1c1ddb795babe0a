package dev.afk.plane;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AfkComment;
import dev.afk.adapter.CommentQuery;
import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.RunComments;
import dev.afk.adapter.StopAskQuery;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.Handoff;
import dev.afk.adapter.LabelChange;
import dev.afk.adapter.T3Accepted;
import dev.afk.core.AttemptHistory;
import dev.afk.core.IssueComment;
import dev.afk.core.PersonComment;
import dev.afk.core.RecordRecovery;
import dev.afk.core.RepoRef;
import dev.afk.core.Budget;
import dev.afk.core.BudgetGrants;
import dev.afk.core.CommentRelay;
import dev.afk.core.Config;
import dev.afk.core.DispatchPolicy;
import dev.afk.core.EscalationReason;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one dispatch ({@code afk-dispatch}), in docs/ARCHITECTURE.md §2.1's write order: re-read the issue, read
 * the AFK comment for the attempt number, T3 create + turn (idempotent ids), record the attempt in the AFK comment,
 * add {@code in-progress}, remove {@code ready-for-agent}. A crash between any two steps is finished by the next
 * tick with the same ids.
 */
public class DispatchSteps {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    private final Config config;
    private final Clock clock;
    private final PlaneStatus status;
    private final OnceLog onceLog;
    /** Told every T3 outcome of a dispatch (issue 12); null for none. */
    private T3BreakerSteps t3Breaker;

    public DispatchSteps(Config config, Clock clock, PlaneStatus status, OnceLog onceLog) {
        this.config = config;
        this.clock = clock;
        this.status = status;
        this.onceLog = onceLog;
    }

    /** The T3 breaker told of every dispatch T3 accepted, refused or failed. */
    void t3Breaker(T3BreakerSteps breaker) {
        this.t3Breaker = breaker;
    }

    public DispatchJob start(DispatchPolicy.Dispatch dispatch) {
        return new DispatchJob(dispatch.issue(), dispatch.finishStamp());
    }

    public IssueKey key(DispatchJob job) {
        return job.listed.key();
    }

    /**
     * Symphony's rule: re-read before writing, as {@link DispatchPolicy#reread} decides. The label may have moved
     * since the listing.
     */
    public void confirmReady(DispatchJob job, Issue fresh) {
        job.fresh = fresh;
        DispatchPolicy.reread(config, fresh).ifPresent(skip -> {
            throw new SkipIssue(skip.detail());
        });
    }

    /**
     * The attempt comes from the AFK comment: the open one again (a stamp to finish), else the last + 1. A stamp
     * whose attempt already ended is the leftover of a close or hand-off the watch finishes: it never starts a new
     * attempt. A comment whose state cannot be read starts the attempt after the one its header names (fresh ids,
     * so no old thread is taken for the new run), and without a header it is not guessed at.
     */
    public void recordFound(DispatchJob job, AfkComment comment) {
        job.comment = comment;
        job.previous = comment == null ? null : PhaseChecklist.parse(comment.body()).orElse(null);
        job.history = history(job);
        if (comment != null && RecordRecovery.unreadable(comment.body())) {
            int shown = RecordRecovery.headerAttempt(comment.body());
            if (shown < 1) {
                throw new SkipIssue("the AFK comment's state cannot be read and names no attempt; fix or delete "
                        + "that comment to let AFK dispatch this issue");
            }
            job.attempt = shown + 1;
            LOG.warn("unreadable AFK record issue={}; starting attempt {} after the attempt {} its header names",
                    job.listed.key(), job.attempt, shown);
            return;
        }
        if (job.finishStamp && job.previous != null && job.previous.ended()) {
            throw new SkipIssue("attempt " + job.previous.attempt() + " already ended (" + job.previous.endReason()
                    + "); the watch finishes its " + ("closed".equals(job.previous.endReason()) ? "close" : "hand-off"));
        }
        job.attempt = DispatchPolicy.attemptFor(job.previous);
        job.admission = config.budget().admit(job.previous, 0, bodyHash(job));
    }

    private static String bodyHash(DispatchJob job) {
        return CommentRelay.bodyHash(job.issue().title(), job.issue().body());
    }

    /**
     * A re-queue past {@code AFK_MAX_ATTEMPTS} (plus the grants its record holds) reads what people said since the
     * previous attempt ended: a {@code /afk budget +1} by a user allowed to steer allows one more attempt each.
     */
    public boolean needsGrants(DispatchJob job) {
        return job.admission != null && !job.admission.admitted() && Budget.grantsSince(job.previous) != null;
    }

    /**
     * The comments since the previous attempt ended, with the permission of everyone who wrote a grant. Read from the
     * start of that second: the trackers give a comment's time in whole seconds, so the refusal AFK wrote in the
     * second the attempt ended would otherwise read as older than the end, not be seen, and be written again on every
     * poll. The grants are still counted from the exact end ({@link #grantsRead}).
     */
    public StopAskQuery grantsQuery(DispatchJob job) {
        return new StopAskQuery(job.listed.key(),
                Budget.grantsSince(job.previous).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** The admission again, with the trusted grants written since the previous attempt ended. */
    public void grantsRead(DispatchJob job, RunComments said, String afkLogin) {
        job.said = said;
        if (said == null || !said.read()) {
            return;
        }
        int grants = BudgetGrants.count(said.comments(), Budget.grantsSince(job.previous), afkLogin,
                c -> said.maySteer(c, config.trustedLabelers()));
        job.admission = config.budget().admit(job.previous, grants, bodyHash(job));
    }

    /** The budget refused this attempt. */
    public boolean refusedByBudget(DispatchJob job) {
        return job.admission != null && !job.admission.admitted();
    }

    /**
     * The one short comment of the refusal, or null when it is already on the issue (or the comments could not be
     * read: then AFK cannot tell, and writes nothing rather than twice).
     */
    public CommentWrite refusalComment(DispatchJob job, String afkLogin) {
        if (job.said == null || !job.said.read()
                || Budget.alreadyRefused(job.said.comments(), job.admission.attempt(), afkLogin)) {
            return null;
        }
        return new CommentWrite(job.listed.key(), null, job.admission.comment());
    }

    /** The refusal: the issue is skipped (logged once), and the status view says why. */
    public void refuse(DispatchJob job) {
        String reason = job.admission.reason() + (job.said != null && !job.said.read()
                ? " (the comments could not be read, so /afk budget +1 is not known yet)" : "");
        status.refused(job.listed.key(), job.admission.skipReason(), reason);
        throw new SkipIssue(job.admission.skipReason() + ": " + reason);
    }

    /**
     * The earlier attempts this attempt's record is written with: the comment's {@code afk:history} plus the attempt
     * its record says ended (a re-queue), trimmed to {@value AttemptHistory#MAX_ENTRIES}. An unreadable history
     * marker is no history (one WARN): it never keeps the issue from being dispatched.
     */
    private List<AttemptHistory.Entry> history(DispatchJob job) {
        AttemptHistory.Read read = AttemptHistory.parse(job.comment == null ? null : job.comment.body());
        if (read.unreadable()) {
            LOG.warn("unreadable afk:history marker issue={}; dispatching without the earlier attempts it held",
                    job.listed.key());
        }
        return job.previous != null && job.previous.ended()
                ? AttemptHistory.next(read.entries(), job.previous) : read.entries();
    }

    /**
     * Only a re-queue (the record names earlier attempts) reads what people wrote since: one tracker call on that
     * dispatch alone, never on a quiet tick.
     */
    public boolean needsEarlier(DispatchJob job) {
        return !job.history.isEmpty();
    }

    /** The comments created since the oldest earlier attempt in the history stopped recording progress. */
    public CommentQuery commentQuery(DispatchJob job) {
        return new CommentQuery(job.listed.key(), AttemptHistory.since(job.history));
    }

    /**
     * People's comments: bots, AFK's own login and anything carrying AFK's markers (its own comment, a pasted copy)
     * never count. With {@code afkLogin} blank (AFK_TRACKER_LOGIN unset) only the markers tell AFK's comment apart.
     */
    public void commentsRead(DispatchJob job, List<IssueComment> comments, String afkLogin) {
        String afk = afkLogin == null ? "" : afkLogin.strip().toLowerCase(Locale.ROOT);
        Long afkCommentId = job.comment == null ? null : job.comment.id();
        job.comments = (comments == null ? List.<IssueComment>of() : comments).stream()
                .filter(c -> c != null && !c.bot())
                .filter(c -> afk.isEmpty() || !afk.equals(c.author().strip().toLowerCase(Locale.ROOT)))
                .filter(c -> afkCommentId == null || c.id() != afkCommentId)
                .filter(c -> !PhaseChecklist.isAfkComment(c.body()) && !c.body().contains(AttemptHistory.MARKER_START))
                .map(c -> new PersonComment(c.author(), c.createdAt(), c.body()))
                .toList();
    }

    /** A failed comment read never blocks the dispatch: the first turn says the comments could not be read. */
    public void commentsFailed(DispatchJob job, Exception e) {
        job.comments = null;
        LOG.warn("could not read the comments of issue={} error=\"{}\"; attempt {} starts without them, and its "
                + "first turn says so", job.listed.key(), e.getMessage(), job.attempt);
    }

    /** The default branch's head is read once per attempt, when the record is first written. */
    public boolean needsBase(DispatchJob job) {
        return !(job.previous != null && !job.previous.ended() && job.previous.attempt() == job.attempt);
    }

    public RepoRef repo(DispatchJob job) {
        return job.listed.repo();
    }

    public void baseRead(DispatchJob job, String head) {
        job.base = head;
    }

    /**
     * The dispatch, with "What happened before" for a re-queue. When the record already holds this attempt (a crashed
     * dispatch finished later), comments written after its dispatch are left out: the turn is the same text again.
     */
    public DispatchRequest request(DispatchJob job) {
        if (job.history.isEmpty()) {
            return new DispatchRequest(job.issue(), job.attempt);
        }
        Instant until = open(job) ? job.previous.dispatchedAt() : null;
        return new DispatchRequest(job.issue(), job.attempt, AttemptHistory.earlier(job.history, job.comments, until));
    }

    /** The record already holds this attempt, not ended: an interrupted stamp being finished. */
    private static boolean open(DispatchJob job) {
        return job.previous != null && !job.previous.ended() && job.previous.attempt() == job.attempt;
    }

    /**
     * The comment write recording the attempt, or null when the comment already records it (a finished stamp).
     * The times are T3's for the turn, so a retry or a restart records the original turn's time, never its own.
     */
    public CommentWrite recordWrite(DispatchJob job, T3Accepted accepted) {
        if (t3Breaker != null) {
            t3Breaker.dispatchSucceeded();
        }
        job.threadId = accepted.threadId();
        RunRecord record = job.previous != null && !job.previous.ended() && job.previous.attempt() == job.attempt
                ? job.previous
                : RunRecord.dispatched(job.attempt, accepted.threadId(), accepted.requestedAt(), job.base)
                        .withTally(job.admission != null && job.admission.admitted() ? job.admission.tally()
                                : new RunRecord.Tally(1, List.of(), List.of(), bodyHash(job), null, null, null, 0));
        String body = AttemptHistory.withHistory(PhaseChecklist.render(job.listed.key(), record,
                job.issue().htmlUrl(), config.budget()), job.history);
        if (job.comment != null && body.equals(job.comment.body())) {
            return null;
        }
        return new CommentWrite(job.listed.key(), job.comment == null ? null : job.comment.id(), body);
    }

    public LabelChange addInProgress(DispatchJob job) {
        return new LabelChange(job.listed.key(), config.labels().inProgress());
    }

    public LabelChange removeReady(DispatchJob job) {
        return new LabelChange(job.listed.key(), config.labels().ready());
    }

    public void dispatched(DispatchJob job) {
        onceLog.forget(job.listed.key().toString());
        onceLog.forget("dispatch:" + job.listed.key());
        LOG.info("dispatched issue={} attempt={} thread={}{}", job.listed.key(), job.attempt, job.threadId,
                job.finishStamp ? " (finished an interrupted stamp)" : "");
        status.dispatched(job.listed.key(), job.attempt, job.threadId);
    }

    /**
     * T3 answers a re-sent command with the same refusal, so a dispatch T3 refused (400, or a domain rejection such
     * as an unknown project) can never succeed for this attempt: retrying every tick would only repeat it.
     */
    public boolean refusedByT3(Exception e) {
        return e instanceof AdapterFailure f && "t3".equals(f.system())
                && (f.kind() == AdapterFailure.Kind.REJECTED || f.kind() == AdapterFailure.Kind.BAD_REQUEST);
    }

    /**
     * The AFK comment ending this attempt, so a person's re-queue starts attempt k+1 with fresh ids. Written after
     * {@code in-progress} was added, so until the hand-off is finished the watch lists the issue and finishes it.
     */
    public CommentWrite refusedRecord(DispatchJob job, Exception e) {
        if (t3Breaker != null) {
            t3Breaker.dispatchFailed(e);
        }
        String thread = RunIds.threadId(job.listed.key(), job.attempt);
        job.threadId = thread;
        job.refusal = "T3 refused the dispatch of attempt " + job.attempt + ": " + e.getMessage();
        RunRecord open = job.previous != null && !job.previous.ended() && job.previous.attempt() == job.attempt
                ? job.previous
                : RunRecord.dispatched(job.attempt, thread, clock.instant(), job.base);
        job.refusedRecord = open.ended(EscalationReason.AGENT_FAILED.name()).withEvidence(job.refusal);
        return new CommentWrite(job.listed.key(), job.comment == null ? null : job.comment.id(),
                AttemptHistory.withHistory(PhaseChecklist.render(job.listed.key(), job.refusedRecord,
                        job.issue().htmlUrl(), config.budget()), job.history));
    }

    /** The hand-off of a refused dispatch; {@code written} is the AFK comment as the tracker stored it. */
    public HandBack refusedHandBack(DispatchJob job, AfkComment written) {
        Handoff packet = new Handoff(job.listed.key(), job.issue().htmlUrl(), job.attempt, Phase.DISPATCHED,
                EscalationReason.AGENT_FAILED, job.refusal, job.threadId);
        HandBack h = new HandBack(job.listed.key(), packet, job.refusedRecord, written == null ? null : written.id(),
                true, job.issue().labels());
        h.carried = written == null ? null : written.body();
        return h;
    }

    public void skipped(DispatchJob job, Exception reason) {
        onceLog.log(job.listed.key().toString(), "skip issue=" + job.listed.key() + " reason=\"" + reason.getMessage() + "\"");
    }

    /** One WARN while the same failure repeats (DEBUG on the ticks after); a dispatch that goes through forgets it. */
    public void failed(DispatchJob job, Exception e) {
        if (t3Breaker != null) {
            t3Breaker.dispatchFailed(e); // only a T3 failure counts
        }
        onceLog.warn("dispatch:" + job.listed.key(), "failed", "dispatch failed issue=" + job.listed.key()
                + " attempt=" + job.attempt + " error=\"" + e.getMessage()
                + "\"; the next tick retries or finishes it with the same ids");
        status.failure(job.listed.key(), "dispatch: " + e.getMessage());
    }
}
