package dev.afk.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-written inputs for the dispatch policy tests: configs, issues, records and a small snapshot builder. */
final class PolicyFixtures {

    static final String READY = Labels.DEFAULT.ready();
    static final String RUNNING = Labels.DEFAULT.inProgress();
    static final String HUMAN = Labels.DEFAULT.human();

    /** Issues are created {@code minute} minutes after this; a smaller minute is older. */
    static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

    private PolicyFixtures() {
    }

    /** Every variable an armed plane needs, plus a T3 project for each of the given repos. */
    static Map<String, String> armedValues(String... allowlist) {
        Map<String, String> v = new HashMap<>();
        v.put("afk.kill-switch", "false");
        v.put("afk.allowlist", String.join(",", allowlist));
        v.put("afk.tracker-url", "https://git.example.com/api/v1");
        v.put("afk.tracker-token-file", "/run/secrets/tracker-token");
        v.put("afk.t3-url", "https://t3.example.com");
        v.put("afk.t3-token-file", "/run/secrets/t3-token");
        v.put("afk.t3-model", "claudeAgent/claude-sonnet-5");
        List<String> projects = new ArrayList<>();
        for (String repo : allowlist) {
            projects.add(repo + "=proj-" + repo.replace('/', '-'));
        }
        v.put("afk.t3-projects", String.join(",", projects));
        return v;
    }

    static Config armed(String... allowlist) {
        return Config.fromMap(armedValues(allowlist));
    }

    static Config armed(int maxInFlight, String... allowlist) {
        Map<String, String> v = armedValues(allowlist);
        v.put("afk.max-in-flight", Integer.toString(maxInFlight));
        return Config.fromMap(v);
    }

    static Config armedTrusting(Set<String> trustedLabelers, String... allowlist) {
        Map<String, String> v = armedValues(allowlist);
        v.put("afk.trusted-labelers", String.join(",", trustedLabelers));
        return Config.fromMap(v);
    }

    static Issue issue(String slug, int number, int minute, String... labels) {
        IssueKey key = IssueKey.of(slug, number);
        return new Issue(key, "Issue " + key, "body of " + key, Set.of(labels), "reporter",
                T0.plus(Duration.ofMinutes(minute)), true, false, "https://git.example.com/" + slug + "/issues/" + number);
    }

    static Issue closed(Issue i) {
        return new Issue(i.key(), i.title(), i.body(), i.labels(), i.author(), i.createdAt(), false, i.pullRequest(),
                i.htmlUrl());
    }

    static Issue pullRequest(Issue i) {
        return new Issue(i.key(), i.title(), i.body(), i.labels(), i.author(), i.createdAt(), i.open(), true,
                i.htmlUrl());
    }

    static IssueKey key(String slug, int number) {
        return IssueKey.of(slug, number);
    }

    static RunRecord openRecord(int attempt) {
        return RunRecord.dispatched(attempt, "thread-" + attempt, T0);
    }

    static RunRecord endedRecord(int attempt) {
        return RunRecord.dispatched(attempt, "thread-" + attempt, T0).ended("AGENT_FAILED");
    }

    static Tick tick(Config config) {
        return new Tick(config);
    }

    /** Builds one poll tick's snapshot. */
    static final class Tick {
        private final Config config;
        private final List<Issue> issues = new ArrayList<>();
        private final Map<IssueKey, String> labelers = new HashMap<>();
        private final java.util.Set<RepoRef> blind = new java.util.HashSet<>();

        private Tick(Config config) {
            this.config = config;
        }

        Tick issues(Issue... more) {
            issues.addAll(Arrays.asList(more));
            return this;
        }

        Tick labeler(IssueKey key, String login) {
            labelers.put(key, login);
            return this;
        }

        Tick blind(String slug) {
            blind.add(RepoRef.parse(slug));
            return this;
        }

        DispatchPolicy.Snapshot snapshot() {
            return new DispatchPolicy.Snapshot(config, issues, labelers, blind);
        }

        DispatchPolicy.Plan plan() {
            return DispatchPolicy.plan(snapshot());
        }
    }
}
