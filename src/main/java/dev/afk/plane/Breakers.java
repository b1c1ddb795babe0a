package dev.afk.plane;

import dev.afk.adapter.CommitRef;
import dev.afk.adapter.HoldBell;
import dev.afk.adapter.IssueCreate;
import dev.afk.core.BreakerPolicy;
import dev.afk.core.CiVerdict;
import dev.afk.core.Config;
import dev.afk.core.HoldMarker;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plane's side of {@link BreakerPolicy} (docs/ARCHITECTURE.md §3.1): what the policy is fed and what it decided.
 * Everything here is a cache the tracker can rebuild: the holds themselves are the open hold issues listed every poll
 * tick; the default branch's last two checks and the moments escalation holds were seen closed are kept in memory
 * (after a restart the branch needs two green checks again before AFK closes its red-main hold).
 *
 * <p>Each public method is one YAML step of {@code afk-poll-tick} (routes/poll.camel.yaml).
 */
public class Breakers {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    private final Config config;
    private final String afkLogin;
    private final Clock clock;
    private final Map<RepoRef, List<BreakerPolicy.Check>> checks = new TreeMap<>();
    private final Map<RepoRef, Instant> lastChecked = new TreeMap<>();
    /**
     * When the tick that found a repo due read its clock: a check counts from then, not from when its reads came
     * back, or a check due every 5 minutes on a 5-minute poll would fall due only every other tick.
     */
    private final Map<RepoRef, Instant> dueSince = new TreeMap<>();
    private final Map<String, Instant> resumed = new TreeMap<>();
    /** AFK's escalation holds seen open at the last decision, by scope: one gone means a person closed it. */
    private Map<IssueKey, String> escalationHolds = Map.of();
    private BreakerPolicy.Decision last = new BreakerPolicy.Decision(List.of(), List.of(), List.of(), Map.of());

    public Breakers(Config config, String afkLogin, Clock clock) {
        this.config = config;
        this.afkLogin = afkLogin == null ? "" : afkLogin;
        this.clock = clock;
    }

    /** The last decision (status view, dashboard, metrics). */
    public synchronized BreakerPolicy.Decision last() {
        return last;
    }

    /** Allowlisted repos whose default branch is due a check (at most every {@code AFK_BREAKER_CHECK_MINUTES}). */
    public synchronized List<RepoRef> dueChecks() {
        Instant now = clock.instant();
        List<RepoRef> due = new ArrayList<>();
        for (RepoRef repo : new TreeSet<>(config.allowlist())) {
            if (BreakerPolicy.due(lastChecked.get(repo), now, config.holds().checkEvery())) {
                due.add(repo);
                dueSince.put(repo, now);
            }
        }
        return due;
    }

    /** The head just read (null: a repo without commits, nothing to check). */
    public CommitRef headRead(RepoRef repo, String sha) {
        return sha == null || sha.isBlank() ? null : new CommitRef(repo, sha);
    }

    /** A repo without commits: green, nothing can be failing. */
    public synchronized void noHead(RepoRef repo) {
        record(repo, new BreakerPolicy.Check(BreakerPolicy.State.GREEN, "", "", clock.instant()));
    }

    public synchronized void checked(CommitRef head, CiVerdict verdict) {
        record(head.repo(), BreakerPolicy.Check.of(verdict, head.sha(), clock.instant()));
    }

    /** A failed read is no verdict: the last checks stand and the repo is due again at the next tick. */
    public synchronized void checkFailed(RepoRef repo, Exception e) {
        LOG.warn("default-branch check failed repo={} error=\"{}\"; the last verdict stands", repo, e.getMessage());
    }

    private void record(RepoRef repo, BreakerPolicy.Check check) {
        List<BreakerPolicy.Check> list = new ArrayList<>(checks.getOrDefault(repo, List.of()));
        list.add(check);
        while (list.size() > 2) {
            list.remove(0);
        }
        checks.put(repo, List.copyOf(list));
        Instant since = dueSince.remove(repo);
        lastChecked.put(repo, since != null && since.isBefore(check.at()) ? since : check.at());
    }

    /**
     * Runs the policy over the hold listings and the recent escalations; answers, per allowlisted repo that may not
     * dispatch, the skip detail. A repo whose hold listing failed is held this tick (fail closed); a failed control
     * repo listing holds the whole fleet.
     */
    public synchronized Map<RepoRef, String> decide(List<ListingResult> holdListings,
            List<BreakerPolicy.Escalation> escalations) {
        List<Issue> holdIssues = new ArrayList<>();
        Set<RepoRef> unread = new TreeSet<>();
        for (ListingResult r : holdListings) {
            if (r.failedListing()) {
                unread.add(r.query().repo());
            } else {
                holdIssues.addAll(r.issues());
            }
        }
        Instant now = clock.instant();
        // An escalation hold seen open before and gone from its (readable) listing now was closed by a person: the
        // escalations it counted must not trip again, so this is noted before the policy decides.
        Set<IssueKey> listed = new TreeSet<>();
        holdIssues.stream().filter(Issue::open).forEach(i -> listed.add(i.key()));
        escalationHolds.forEach((issue, scope) -> {
            if (!listed.contains(issue) && !unread.contains(issue.repo())) {
                resumed.put(scope, now);
                LOG.info("escalation hold {} is closed; dispatch in {} resumes", issue, scope);
            }
        });
        BreakerPolicy.Decision d = BreakerPolicy.decide(new BreakerPolicy.Input(config.holds(), config.allowlist(),
                afkLogin, holdIssues, unread, escalations, checks, resumed, now));
        Map<IssueKey, String> seen = new TreeMap<>();
        for (BreakerPolicy.Hold h : d.holds()) {
            if (h.issue() != null && h.marker() != null && h.marker().kind() == HoldMarker.Kind.ESCALATIONS) {
                seen.put(h.issue(), h.scope());
            }
        }
        escalationHolds = seen;
        last = d;
        Map<RepoRef, String> held = new LinkedHashMap<>(d.heldBy());
        RepoRef control = config.holds().controlRepo();
        for (RepoRef repo : config.allowlist()) {
            if (control != null && unread.contains(control)) {
                held.putIfAbsent(repo, "held: AFK_CONTROL_REPO " + control + " could not be read this tick");
            }
            if (unread.contains(repo)) {
                held.putIfAbsent(repo, "held: the hold listing of " + repo + " could not be read this tick");
            }
        }
        return held;
    }

    /** The hold issues to open this tick (each one trip: one issue, one doorbell). */
    public synchronized List<BreakerPolicy.ToOpen> toOpen() {
        return last.open();
    }

    /** The create-issue request of a hold to open. */
    public IssueCreate createRequest(BreakerPolicy.ToOpen open) {
        return new IssueCreate(open.in(), open.title(), open.body(), config.holds().label());
    }

    /** AFK's own red-main holds to close (green on the last two checks). */
    public synchronized List<IssueKey> toClose() {
        return last.close().stream().map(BreakerPolicy.Hold::issue).toList();
    }

    /** The hold issue is open: its one doorbell. */
    public HoldBell opened(BreakerPolicy.ToOpen open, Issue created) {
        String scope = open.marker().fleet() ? "*" : open.marker().repo().slug();
        LOG.warn("hold opened issue={} scope={} why=\"{}\"; no new dispatch there until it is closed", created.key(),
                scope, open.title());
        return new HoldBell(created.key(), created.htmlUrl(), scope, open.doorbell());
    }

    public void openFailed(BreakerPolicy.ToOpen open, Exception e) {
        LOG.warn("hold issue could not be opened in={} error=\"{}\"; dispatch stays held and the next tick tries "
                + "again", open.in(), e.getMessage());
    }

    public void closed(IssueKey issue) {
        LOG.info("hold closed issue={}: the default branch was green on two consecutive checks", issue);
    }

    public void closeFailed(IssueKey issue, Exception e) {
        LOG.warn("hold issue could not be closed issue={} error=\"{}\"; the next tick tries again", issue,
                e.getMessage());
    }
}
