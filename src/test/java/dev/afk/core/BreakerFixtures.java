package dev.afk.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared inputs of the breaker policy's tables and properties. */
final class BreakerFixtures {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final String AFK = "afk-bot";
    static final RepoRef A = RepoRef.parse("acme/a");
    static final RepoRef B = RepoRef.parse("acme/b");
    static final RepoRef C = RepoRef.parse("acme/c");
    static final RepoRef OPS = RepoRef.parse("acme/ops");
    static final Set<RepoRef> FLEET = Set.of(A, B, C);
    static final Holds SETTINGS = Holds.DEFAULT;
    static final Holds WITH_CONTROL = Holds.DEFAULT.withControlRepo(OPS);

    private BreakerFixtures() {
    }

    static Issue hold(RepoRef repo, int n, String author, String body) {
        return new Issue(IssueKey.of(repo.slug(), n), "hold " + n, body, Set.of("afk-hold"), author, T0, true, false,
                "https://tracker/" + repo.slug() + "/issues/" + n);
    }

    static Issue personHold(RepoRef repo, int n) {
        return hold(repo, n, "maintainer", "Freeze.");
    }

    static BreakerPolicy.Check check(BreakerPolicy.State state, int minute) {
        return new BreakerPolicy.Check(state, "abc123", state == BreakerPolicy.State.RED ? "ci/build: failure" : "",
                T0.plus(Duration.ofMinutes(minute)));
    }

    static BreakerPolicy.Escalation escalation(RepoRef repo, int n, String reason, int minute) {
        return new BreakerPolicy.Escalation(IssueKey.of(repo.slug(), n), reason, T0.plus(Duration.ofMinutes(minute)));
    }

    static BreakerPolicy.Input input(Holds settings, List<Issue> holds, List<BreakerPolicy.Escalation> escalations,
            Map<RepoRef, List<BreakerPolicy.Check>> checks, Instant now) {
        return new BreakerPolicy.Input(settings, FLEET, AFK, holds, Set.of(), escalations, checks, Map.of(), now);
    }

    /** The tracker as the policy sees it: hold issues AFK and people opened, some closed since. */
    static final class Tracker {
        final List<Issue> issues = new ArrayList<>();
        int opened;
        int next = 100;

        List<Issue> open() {
            return issues.stream().filter(Issue::open).toList();
        }

        void apply(BreakerPolicy.Decision d) {
            for (BreakerPolicy.ToOpen o : d.open()) {
                issues.add(hold(o.in(), next++, AFK, o.body()));
                opened++;
            }
            for (BreakerPolicy.Hold h : d.close()) {
                for (int i = 0; i < issues.size(); i++) {
                    Issue is = issues.get(i);
                    if (is.key().equals(h.issue())) {
                        issues.set(i, new Issue(is.key(), is.title(), is.body(), is.labels(), is.author(),
                                is.createdAt(), false, false, is.htmlUrl()));
                    }
                }
            }
        }
    }
}
