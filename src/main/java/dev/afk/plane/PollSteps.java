package dev.afk.plane;

import dev.afk.adapter.IssueListing;
import dev.afk.adapter.LabelerQuery;
import dev.afk.adapter.ListIssues;
import dev.afk.adapter.UnreadableIssue;
import dev.afk.core.Config;
import dev.afk.core.DispatchPolicy;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the poll tick that are not I/O: which listings to fetch, the snapshot handed to
 * {@link DispatchPolicy}, and the log lines. Each method is one YAML step of {@code afk-poll}.
 */
public class PollSteps {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    /** A labeler lookup's answer (login null when nobody could be found). */
    public record LabelerAnswer(IssueKey key, String login) {}

    private final Config config;
    private final OnceLog onceLog;
    private final PlaneStatus status;
    private final PlaneMetrics metrics;
    private final Breakers breakers;
    /** GitHub's rate-limit guard (issue 12); null for none. */
    private RateLimitGuard rateLimitGuard;

    public PollSteps(Config config, OnceLog onceLog, PlaneStatus status) {
        this(config, onceLog, status, null);
    }

    /** @param metrics where the queue depth per repo goes ({@code afk.queue.depth}); null for none */
    public PollSteps(Config config, OnceLog onceLog, PlaneStatus status, PlaneMetrics metrics) {
        this(config, onceLog, status, metrics, new Breakers(config, "", java.time.Clock.systemUTC()));
    }

    /** @param breakers the hold and breaker state of the plane ({@link Breakers}) */
    public PollSteps(Config config, OnceLog onceLog, PlaneStatus status, PlaneMetrics metrics, Breakers breakers) {
        this.config = config;
        this.onceLog = onceLog;
        this.status = status;
        this.metrics = metrics;
        this.breakers = breakers;
    }

    /** While GitHub's budget is under the reserve, the repos with nothing in flight are not listed. */
    void rateLimitGuard(RateLimitGuard guard) {
        this.rateLimitGuard = guard;
    }

    /**
     * Three listings per allowlisted repo: the queue, the locks and the holds (open issues labelled
     * {@code AFK_LABEL_HOLD}); plus the control repo's holds when {@code AFK_CONTROL_REPO} is set and not allowlisted.
     * While GitHub's budget is under {@code AFK_RATELIMIT_RESERVE} ({@link RateLimitGuard}), none for a repo whose
     * last in-progress listing showed nothing in flight.
     */
    public List<ListIssues> listings() {
        List<ListIssues> out = new ArrayList<>();
        for (RepoRef repo : config.allowlist()) {
            if (rateLimitGuard != null && rateLimitGuard.skipsListing(repo)) {
                continue;
            }
            out.add(new ListIssues(repo, config.labels().ready()));
            out.add(new ListIssues(repo, config.labels().inProgress()));
            out.add(new ListIssues(repo, config.holds().label()));
        }
        RepoRef control = config.holds().controlRepo();
        if (control != null && !config.allowlist().contains(control)) {
            out.add(new ListIssues(control, config.holds().label()));
        }
        return out;
    }

    /** The breaker state (cached checks, what was decided); shared with the hold steps. */
    public Breakers breakers() {
        return breakers;
    }

    /**
     * The in-progress listing of every allowlisted repo (the watch tick's runs), closed issues included: a run whose
     * issue a person closed must still be seen, to end its record and drop its lock.
     */
    public List<ListIssues> inProgressListings() {
        return config.allowlist().stream().map(r -> new ListIssues(r, config.labels().inProgress(), true)).toList();
    }

    /** A listing that worked; each item that could not be read is logged once (what was wrong, never its text). */
    public ListingResult listed(ListIssues query, IssueListing listing) {
        for (UnreadableIssue u : listing.unreadable()) {
            String item = u.repo().slug() + (u.number() < 0 ? "" : "#" + u.number());
            onceLog.warn("unreadable:" + item + ":" + query.label(), u.why(), "unreadable item in listing repo="
                    + u.repo() + " label=" + query.label() + " item=" + item + " why=\"" + u.why()
                    + "\"; the item is skipped" + (query.label().equals(config.labels().inProgress())
                    ? " and its repo stays locked until it can be read" : ""));
        }
        onceLog.forget(listingSubject(query));
        if (rateLimitGuard != null && query.label().equals(config.labels().inProgress())) {
            rateLimitGuard.listed(query.repo(), !listing.issues().isEmpty() || !listing.unreadable().isEmpty());
        }
        return ListingResult.ok(query, listing);
    }

    private static String listingSubject(ListIssues query) {
        return "listing:" + query.repo().slug() + ":" + query.label() + (query.includeClosed() ? ":all" : ":open");
    }

    public ListingResult listingFailed(ListIssues query, Exception e) {
        // One line while the failure lasts (DEBUG on the ticks after), and again once it was read in between.
        onceLog.warn(listingSubject(query), "failed", "listing failed repo=" + query.repo() + " label="
                + query.label() + " error=\"" + e.getMessage() + "\"; the repo sits out until it can be read, and"
                + " keeps its lock and its slot under AFK_MAX_IN_FLIGHT");
        if (rateLimitGuard != null && query.label().equals(config.labels().inProgress())) {
            rateLimitGuard.unknown(query.repo());
        }
        return ListingResult.failed(query, e.getMessage());
    }

    /** Labeler look-ups are needed only when trusted labelers are configured, and only for ready issues. */
    public List<LabelerQuery> labelerQueries(List<ListingResult> results) {
        if (config.trustedLabelers().isEmpty()) {
            return List.of();
        }
        return healthy(results).stream()
                .filter(i -> i.hasLabel(config.labels().ready()) && !i.hasLabel(config.labels().human()))
                .map(i -> new LabelerQuery(i.key(), config.labels().ready()))
                .distinct()
                .toList();
    }

    public LabelerAnswer labeler(LabelerQuery query, String login) {
        return new LabelerAnswer(query.key(), login);
    }

    public LabelerAnswer labelerFailed(LabelerQuery query, Exception e) {
        LOG.warn("labeler look-up failed issue={} error=\"{}\"; treated as untrusted this tick", query.key(),
                e.getMessage());
        return new LabelerAnswer(query.key(), null);
    }

    /** Runs the policy over the healthy repos' listings and logs every skip once. Returns the dispatches. */
    public List<DispatchPolicy.Dispatch> plan(List<ListingResult> results, List<LabelerAnswer> labelers) {
        Map<IssueKey, String> who = new LinkedHashMap<>();
        for (LabelerAnswer a : labelers == null ? List.<LabelerAnswer>of() : labelers) {
            if (a != null && a.login() != null) {
                who.put(a.key(), a.login());
            }
        }
        List<ListingResult> holdResults = new ArrayList<>();
        List<ListingResult> runResults = new ArrayList<>();
        for (ListingResult r : results) {
            if (r != null && r.query().label().equals(config.holds().label())) {
                holdResults.add(r);
            } else if (r != null) {
                runResults.add(r);
            }
        }
        results = runResults;
        Map<RepoRef, String> held = config.armed() ? breakers.decide(holdResults, status.escalations())
                : Map.of();
        List<Issue> issues = healthy(results);
        DispatchPolicy.Plan plan = DispatchPolicy.plan(
                new DispatchPolicy.Snapshot(config, issues, who, blindRepos(results), held));
        for (DispatchPolicy.Skip skip : plan.skipped()) {
            if (skip.reason() != dev.afk.core.SkipReason.RUNNING) {
                onceLog.log(skip.key().toString(), skip.reason().name(), "skip issue=" + skip.key() + " reason=" + skip.reason()
                        + (skip.detail() == null || skip.detail().isBlank() ? "" : " detail=\"" + skip.detail() + "\""));
            }
        }
        status.pollPlanned(plan, blindRepos(results), issues);
        if (metrics != null) {
            queueDepths(results, issues, plan).forEach(metrics::queueListed);
        }
        return plan.dispatch();
    }

    /**
     * Per allowlisted repo whose listings worked: the ready issues still waiting after {@code plan}'s dispatches
     * (open, ready-for-agent, neither in-progress nor ready-for-human, each issue once). A repo whose listing failed
     * is left out, so its gauge keeps the last value.
     */
    Map<RepoRef, Long> queueDepths(List<ListingResult> results, List<Issue> healthy, DispatchPolicy.Plan plan) {
        Set<RepoRef> failed = failedRepos(results);
        Set<RepoRef> listed = new LinkedHashSet<>(); // a repo the rate-limit guard left out keeps its gauge too
        results.forEach(r -> {
            if (r != null) {
                listed.add(r.query().repo());
            }
        });
        Set<IssueKey> dispatched = new LinkedHashSet<>();
        plan.dispatch().forEach(d -> dispatched.add(d.issue().key()));
        Map<RepoRef, Set<IssueKey>> waiting = new LinkedHashMap<>();
        for (RepoRef repo : config.allowlist()) {
            if (!failed.contains(repo) && listed.contains(repo)) {
                waiting.put(repo, new LinkedHashSet<>());
            }
        }
        for (Issue i : healthy) {
            Set<IssueKey> keys = waiting.get(i.repo());
            if (keys != null && i.open() && i.hasLabel(config.labels().ready())
                    && !i.hasLabel(config.labels().inProgress()) && !i.hasLabel(config.labels().human())
                    && !dispatched.contains(i.key())) {
                keys.add(i.key());
            }
        }
        Map<RepoRef, Long> depths = new LinkedHashMap<>();
        waiting.forEach((repo, keys) -> depths.put(repo, (long) keys.size()));
        return depths;
    }

    /** Every issue of the repos whose listings all worked; copies across listings are merged by the policy. */
    private List<Issue> healthy(List<ListingResult> results) {
        Set<RepoRef> failed = failedRepos(results);
        List<Issue> issues = new ArrayList<>();
        for (ListingResult r : results) {
            if (r != null && !failed.contains(r.query().repo())) {
                issues.addAll(r.issues());
            }
        }
        return issues;
    }

    /**
     * Repos whose lock AFK cannot see: a listing failed, or an item of the in-progress listing could not be read
     * (it may be the run holding the repo).
     */
    Set<RepoRef> blindRepos(List<ListingResult> results) {
        Set<RepoRef> blind = failedRepos(results);
        for (ListingResult r : results) {
            if (r != null && !r.unreadable().isEmpty() && r.query().label().equals(config.labels().inProgress())) {
                blind.add(r.query().repo());
            }
        }
        return blind;
    }

    static Set<RepoRef> failedRepos(List<ListingResult> results) {
        Set<RepoRef> failed = new LinkedHashSet<>();
        for (ListingResult r : results) {
            if (r != null && r.failedListing()) {
                failed.add(r.query().repo());
            }
        }
        return failed;
    }
}
