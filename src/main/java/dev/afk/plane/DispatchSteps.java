package dev.afk.plane;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AfkComment;
import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.Handoff;
import dev.afk.adapter.LabelChange;
import dev.afk.adapter.T3Accepted;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one dispatch ({@code afk-dispatch}), in ARCHITECTURE.md §2's write order: re-read the issue, read
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

    public DispatchSteps(Config config, Clock clock, PlaneStatus status, OnceLog onceLog) {
        this.config = config;
        this.clock = clock;
        this.status = status;
        this.onceLog = onceLog;
    }

    public DispatchJob start(DispatchPolicy.Dispatch dispatch) {
        return new DispatchJob(dispatch.issue(), dispatch.finishStamp());
    }

    public IssueKey key(DispatchJob job) {
        return job.listed.key();
    }

    /** Symphony's rule: re-read before writing. The label may have moved since the listing. */
    public void confirmReady(DispatchJob job, Issue fresh) {
        job.fresh = fresh;
        String ready = config.labels().ready();
        if (!fresh.open()) {
            throw new SkipIssue("closed since the listing");
        }
        if (fresh.hasLabel(config.labels().human())) {
            throw new SkipIssue(config.labels().human() + " was added since the listing");
        }
        if (!fresh.hasLabel(ready)) {
            throw new SkipIssue(ready + " was removed since the listing");
        }
    }

    /** The attempt comes from the AFK comment: the open one again (a stamp to finish), else the last + 1. */
    public void recordFound(DispatchJob job, AfkComment comment) {
        job.comment = comment;
        job.previous = comment == null ? null : PhaseChecklist.parse(comment.body()).orElse(null);
        job.attempt = DispatchPolicy.attemptFor(job.previous);
    }

    /** The dispatch time is taken before T3 sees the turn, so the agent's first reports are never older. */
    public DispatchRequest request(DispatchJob job) {
        job.requestedAt = clock.instant();
        return new DispatchRequest(job.issue(), job.attempt);
    }

    /** The comment write recording the attempt, or null when the comment already records it (a finished stamp). */
    public CommentWrite recordWrite(DispatchJob job, T3Accepted accepted) {
        String threadId = accepted.threadId();
        job.threadId = threadId;
        RunRecord record = job.previous != null && !job.previous.ended() && job.previous.attempt() == job.attempt
                ? job.previous
                : RunRecord.dispatched(job.attempt, threadId, job.requestedAt);
        String body = PhaseChecklist.render(job.listed.key(), record);
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

    /** The AFK comment ending this attempt, so a person's re-queue starts attempt k+1 with fresh ids. */
    public CommentWrite refusedRecord(DispatchJob job, Exception e) {
        String thread = RunIds.threadId(job.listed.key(), job.attempt);
        job.threadId = thread;
        job.refusal = "T3 refused the dispatch of attempt " + job.attempt + ": " + e.getMessage();
        RunRecord ended = RunRecord.dispatched(job.attempt, thread,
                job.requestedAt != null ? job.requestedAt : clock.instant()).ended(EscalationReason.AGENT_FAILED.name());
        return new CommentWrite(job.listed.key(), job.comment == null ? null : job.comment.id(),
                PhaseChecklist.render(job.listed.key(), ended));
    }

    public Handoff refusedHandoff(DispatchJob job) {
        return new Handoff(job.listed.key(), job.issue().htmlUrl(), job.attempt, Phase.DISPATCHED,
                EscalationReason.AGENT_FAILED, job.refusal, job.threadId);
    }

    public LabelChange addHuman(DispatchJob job) {
        return new LabelChange(job.listed.key(), config.labels().human());
    }

    public LabelChange removeInProgress(DispatchJob job) {
        return new LabelChange(job.listed.key(), config.labels().inProgress());
    }

    public void refused(DispatchJob job) {
        onceLog.forget(job.listed.key().toString());
        LOG.warn("escalated issue={} reason=AGENT_FAILED evidence=\"{}\" -> {}", job.listed.key(), job.refusal,
                config.labels().human());
        status.failure(job.listed.key(), job.refusal);
    }

    public void skipped(DispatchJob job, Exception reason) {
        onceLog.log(job.listed.key().toString(), "skip issue=" + job.listed.key() + " reason=\"" + reason.getMessage() + "\"");
    }

    public void failed(DispatchJob job, Exception e) {
        LOG.warn("dispatch failed issue={} attempt={} error=\"{}\"; the next tick retries or finishes it with the same ids",
                job.listed.key(), job.attempt, e.getMessage());
        status.failure(job.listed.key(), "dispatch: " + e.getMessage());
    }
}
