package dev.afk.plane;

import dev.afk.adapter.AfkComment;
import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.CommitRef;
import dev.afk.adapter.FixForwardTurn;
import dev.afk.adapter.Handoff;
import dev.afk.adapter.LabelChange;
import dev.afk.core.Action;
import dev.afk.core.CiVerdict;
import dev.afk.core.Config;
import dev.afk.core.Decision;
import dev.afk.core.DeployVerdict;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.PhaseReport;
import dev.afk.core.RunRecord;
import dev.afk.core.RunState;
import dev.afk.core.RunStateMachine;
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

    private final Config config;
    private final Clock clock;
    private final RunStateMachine machine;
    private final DetailCache details;
    private final PlaneStatus status;

    public WatchSteps(Config config, Clock clock, RunStateMachine machine, DetailCache details, PlaneStatus status) {
        this.config = config;
        this.clock = clock;
        this.machine = machine;
        this.details = details;
        this.status = status;
    }

    /** One job per in-progress issue of the repos whose listing worked; the fleet is kept for the runs. */
    public List<WatchJob> runs(List<ListingResult> listings, Map<String, ThreadView> fleetRead) {
        Map<String, ThreadView> fleet = fleetRead == null ? Map.of() : fleetRead;
        Set<dev.afk.core.RepoRef> failed = PollSteps.failedRepos(listings);
        Map<IssueKey, Issue> byKey = new LinkedHashMap<>();
        for (ListingResult r : listings) {
            if (r != null && !failed.contains(r.query().repo())) {
                r.issues().forEach(i -> byKey.putIfAbsent(i.key(), i));
            }
        }
        status.watchListed(byKey.size(), failed);
        return byKey.values().stream().map(i -> new WatchJob(i, fleet)).toList();
    }

    public IssueKey key(WatchJob job) {
        return job.issue.key();
    }

    public void recordFound(WatchJob job, AfkComment comment) {
        job.comment = comment;
        job.record = comment == null ? null : PhaseChecklist.parse(comment.body()).orElse(null);
        job.fleetView = job.record == null ? null : job.fleet.get(job.record.thread());
        job.thread = job.fleetView == null ? null : details.attach(job.fleetView);
    }

    /** The thread's detail is read only when the fleet shows it changed since the last read. */
    public boolean needsDetail(WatchJob job) {
        return job.fleetView != null && job.thread == null && job.record != null && !job.record.ended();
    }

    public String threadId(WatchJob job) {
        return job.fleetView.threadId();
    }

    public void detail(WatchJob job, ThreadView detail) {
        details.put(job.fleetView, detail);
        job.thread = job.fleetView.withDetail(detail.reports(), detail.errors());
    }

    /** A newly reported SHA is believed only once the tracker confirms the commit; a known one is not re-checked. */
    public boolean needsShaCheck(WatchJob job) {
        if (job.record == null || job.record.ended() || job.thread == null) {
            return false;
        }
        job.reportedSha = RunStateMachine.latestPush(job.thread.reports(), job.record.dispatchedAt())
                .map(PhaseReport::sha).orElse(null);
        if (job.reportedSha == null) {
            return false;
        }
        if (job.reportedSha.equals(job.record.sha())) {
            job.shaConfirmed = true;
            job.sha = job.reportedSha;
            return false;
        }
        return true;
    }

    public CommitRef reportedCommit(WatchJob job) {
        return new CommitRef(job.issue.repo(), job.reportedSha);
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

    /** Runs the state machine; returns the action's name for the route's choice. */
    public String decide(WatchJob job) {
        job.decision = machine.next(new RunState(job.issue, job.record, job.thread, job.shaConfirmed, job.ci,
                job.deploy, clock.instant()));
        return job.decision.action().getClass().getSimpleName();
    }

    /** The AFK comment write the decision needs, or null when the rendered text would not change. */
    public CommentWrite recordWrite(WatchJob job) {
        RunRecord next = job.decision.next();
        if (next == null) {
            return null;
        }
        String body = PhaseChecklist.render(job.issue.key(), next);
        if (job.comment != null && body.equals(job.comment.body())) {
            return null;
        }
        return new CommentWrite(job.issue.key(), job.comment == null ? null : job.comment.id(), body);
    }

    public FixForwardTurn fixForwardTurn(WatchJob job) {
        Action.FixForward ff = (Action.FixForward) job.decision.action();
        return new FixForwardTurn(job.issue.key(), job.record.thread(), ff.round(), job.sha, ff.evidence());
    }

    public Handoff handoff(WatchJob job) {
        Action.Escalate e = (Action.Escalate) job.decision.action();
        RunRecord r = job.decision.next() != null ? job.decision.next() : job.record;
        return new Handoff(job.issue.key(), job.issue.htmlUrl(), r.attempt(), r.phase(), e.reason(), e.evidence(),
                r.thread());
    }

    public LabelChange addHuman(WatchJob job) {
        return new LabelChange(job.issue.key(), config.labels().human());
    }

    public LabelChange removeInProgress(WatchJob job) {
        return new LabelChange(job.issue.key(), config.labels().inProgress());
    }

    /** One log line per transition, so the log tells each issue's story. */
    public void done(WatchJob job) {
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
        } else if (action instanceof Action.Escalate e) {
            LOG.warn("escalated issue={} reason={} evidence=\"{}\" -> {}", key, e.reason(), e.evidence(),
                    config.labels().human());
        } else if (action instanceof Action.Close) {
            LOG.info("closed issue={} attempt={} (deployed)", key, after == null ? 0 : after.attempt());
        } else if (action instanceof Action.Release r) {
            LOG.info("released issue={} why=\"{}\"", key, r.why());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("watch issue={} action={}", key, action);
        }
        status.watched(key, after != null ? after : before, action);
    }

    public void failed(WatchJob job, Exception e) {
        LOG.warn("watch failed issue={} error=\"{}\"; nothing was decided, retried next tick", job.issue.key(),
                e.getMessage());
        status.failure(job.issue.key(), "watch: " + e.getMessage());
    }
}
