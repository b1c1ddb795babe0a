package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.CommitRef;
import dev.afk.adapter.LabelChange;
import dev.afk.adapter.LabelerQuery;
import dev.afk.adapter.ListIssues;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import dev.afk.e2e.TestClock;
import dev.afk.sim.GitHubSimulator;
import dev.afk.sim.SimFault;
import dev.afk.sim.TrackerModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.DefaultRegistry;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GitHub's rate limits hold every GitHub call: after a refusal (primary: 403/429 with {@code x-ratelimit-remaining:
 * 0} until {@code x-ratelimit-reset}; secondary: 403/429 with {@code retry-after}) or a reply that used the last
 * request of the window, every op fails at once as RATE_LIMITED without a request, with one WARN line for the
 * whole hold, until the plane's clock passes the reset. The plane and the simulator share a {@link TestClock}
 * (bound as {@code afkClock}), so the hours of a rate-limit window pass without waiting.
 */
class GitHubRateLimitTest extends RouteTestSupport {

    static final String TOKEN = "ghp-test-token-7c41e0";
    static final String BOT = "afk-bot";
    static final String SHA = "4f2a9c0e1b3d5f7a9c0e1b3d5f7a9c0e1b3d5f7a";
    static final String HELD = "afk.tracker.ratelimit.held";

    static final TestClock clock = new TestClock(Instant.parse("2026-11-24T08:00:00Z"));
    static TrackerModel model;
    static GitHubSimulator github;
    static Path tokenFile;

    String repo;

    @Override
    List<String> routeFiles() {
        return List.of("tracker-github");
    }

    @BeforeAll
    static void startGitHub() {
        tokenFile = tokenFile("github-token", TOKEN);
        model = new TrackerModel(clock);
        github = new GitHubSimulator(0, clock, model, TOKEN, BOT).start();
    }

    @AfterAll
    static void stopGitHub() {
        github.close();
    }

    /** The plane's clock is the test's: AfkConfiguration finds {@code afkClock} bound and keeps it. */
    // Deprecated in camel-test 4.18, but the only hook that binds before Camel Main runs AfkConfiguration: its
    // replacement, bindToRegistry, binds after that, so the plane would keep the system clock.
    @SuppressWarnings("deprecation")
    @Override
    protected Registry createCamelRegistry() {
        Registry registry = new DefaultRegistry();
        registry.bind("afkClock", clock);
        return registry;
    }

    @Override
    protected void configure(Properties p) {
        p.put("afk.tracker", "github");
        p.put("afk.tracker-url", github.baseUrl());
        p.put("afk.tracker-token-file", tokenFile.toString());
        p.put("afk.deploy-context", "deploy/production");
        p.put("afk.http-connect-timeout-ms", "1000");
        p.put("afk.http-response-timeout-ms", "2000");
        p.put("afk.http.retries", "2");
        p.put("afk.http.retry-delay-ms", "5");
        p.put("afk.http.retry-max-delay-ms", "20");
    }

    @BeforeEach
    void freshRepo(TestInfo info) {
        repo = "acme/" + info.getDisplayName().replaceAll("[^A-Za-z0-9]", "-");
        model.createRepo(repo);
        model.createIssue(repo, "One", "", "alice", false, "ready-for-agent");
        github.clearRequests();
        github.clearFaults();
        github.setSecondaryLimit(403, Duration.ZERO);
        github.setRateLimit(5000);
    }

    @AfterEach
    void noContractViolations() {
        assertThat(github.violations()).isEmpty();
    }

    // ---- the scenarios ----

    @ParameterizedTest(name = "primary limit answered {0}")
    @ValueSource(ints = {403, 429})
    void anExhaustedPrimaryLimitHoldsEveryCallUntilTheReset(int status) {
        Instant reset = clock.instant().plusSeconds(38);
        if (status == 403) {
            github.useUpRateLimit(Duration.ofSeconds(38)); // the simulator's own refusal: 403, remaining 0, reset
        } else {
            github.inject(SimFault.reply("GET", "/repos/.*/issues", 429,
                    "{\"message\":\"API rate limit exceeded for user ID 1.\"}", 1)
                    .withHeaders(Map.of("x-ratelimit-limit", "5000", "x-ratelimit-remaining", "0",
                            "x-ratelimit-reset", String.valueOf(reset.getEpochSecond()))));
        }
        Instant until = Instant.ofEpochSecond(reset.getEpochSecond());
        try (CapturedLogs logs = CapturedLogs.attach()) {
            AdapterFailure first = failure("list-issues", listing());
            assertThat(first.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(first.status()).isEqualTo(status);
            assertThat(first.retryAfter()).isBetween(Duration.ofSeconds(37), Duration.ofSeconds(38));
            assertThat(github.requests()).hasSize(1); // not redelivered: the reset is beyond the retry window

            int held = everyOpHeldForTicks(3, until);

            clock.advance(Duration.between(clock.instant(), until).minusMillis(50));
            assertHeld("get-issue", key(), until);
            assertThat(github.requests()).as("not one request while held").hasSize(1);

            assertOneHoldLine(logs, until);
            assertThat(counted(HELD, "tracker", "github")).isEqualTo(held + 1.0);
            assertThat(counted("afk.adapter.failures", "system", "github", "kind", "RATE_LIMITED"))
                    .isEqualTo(held + 2.0);

            clock.advance(Duration.ofMillis(100)); // past the reset: the window has refilled
            assertThat(call("get-issue", key(), Issue.class).title()).isEqualTo("One");
            assertThat(call("list-issues", listing(), Object.class)).isNotNull();
            assertThat(github.requests()).extracting(r -> r.status()).containsExactly(status, 200, 200);
            assertThat(logs.at(Level.INFO)).filteredOn(l -> l.text().contains("calls resume")).singleElement()
                    .satisfies(l -> assertThat(l.text()).contains(until.toString()));
            assertThat(logs.at(Level.WARN)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "secondary limit answered {0}")
    @ValueSource(ints = {403, 429})
    void aSecondaryLimitHoldsEveryCallForItsRetryAfter(int status) {
        github.setSecondaryLimit(status, Duration.ofSeconds(30));
        Instant earliest = clock.instant().plusSeconds(30);
        try (CapturedLogs logs = CapturedLogs.attach()) {
            AdapterFailure first = failure("get-issue", key());
            assertThat(first.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(first.status()).isEqualTo(status);
            assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(30));
            assertThat(github.requests()).hasSize(1);
            Instant until = holdLine(logs);
            assertThat(until).isBetween(earliest, earliest.plusSeconds(1)); // at least retry-after

            int held = everyOpHeldForTicks(2, until);
            clock.advance(Duration.between(clock.instant(), until).minusMillis(50));
            assertHeld("commit-exists", commit(), until);
            assertThat(github.requests()).as("not one request while held").hasSize(1);
            assertOneHoldLine(logs, until);
            assertThat(counted(HELD, "tracker", "github")).isEqualTo(held + 1.0);

            clock.advance(Duration.ofMillis(100));
            assertThat(call("get-issue", key(), Issue.class).title()).isEqualTo("One");
            assertThat(github.requests()).extracting(r -> r.status()).containsExactly(status, 200);
            assertThat(logs.at(Level.INFO)).filteredOn(l -> l.text().contains("calls resume")).hasSize(1);
        }
    }

    @Test
    void aReplyThatUsesTheLastRequestHoldsTheNextCallUntilTheReset() {
        github.setRateLimit(2, Duration.ofSeconds(38));
        Instant until = Instant.ofEpochSecond(clock.instant().plusSeconds(38).getEpochSecond());
        try (CapturedLogs logs = CapturedLogs.attach()) {
            assertThat(call("get-issue", key(), Issue.class).title()).isEqualTo("One"); // remaining 1
            assertThat(logs.at(Level.WARN)).isEmpty();
            assertThat(call("list-issues", listing(), Object.class)).isNotNull(); // remaining 0: a success, then held
            assertThat(github.requests()).extracting(r -> r.status()).containsExactly(200, 200);

            int held = everyOpHeldForTicks(2, until);
            assertThat(github.requests()).as("GitHub never had to refuse").hasSize(2);
            assertOneHoldLine(logs, until);
            assertThat(counted(HELD, "tracker", "github")).isEqualTo((double) held);

            clock.advance(Duration.between(clock.instant(), until).plusMillis(50));
            assertThat(call("get-issue", key(), Issue.class).title()).isEqualTo("One");
            assertThat(github.requests()).extracting(r -> r.status()).containsExactly(200, 200, 304); // conditional
        }
    }

    @Test
    void aServerErrorThatReportsTheWindowUsedUpIsNotRedeliveredIntoTheHold() {
        Instant until = Instant.ofEpochSecond(clock.instant().plusSeconds(38).getEpochSecond());
        github.inject(SimFault.reply("GET", "/repos/.*/issues/1", 502, "", 1).withHeaders(Map.of(
                "x-ratelimit-remaining", "0", "x-ratelimit-reset", String.valueOf(until.getEpochSecond()))));
        try (CapturedLogs logs = CapturedLogs.attach()) {
            assertThat(failure("get-issue", key()).kind()).isEqualTo(Kind.SERVER);
            assertThat(github.requests()).hasSize(1); // a 5xx is retried, but not into a 38 s hold
            assertHeld("list-issues", listing(), until);
            assertThat(logs.at(Level.WARN)).filteredOn(l -> l.text().contains("holding every call")).hasSize(1);
        }
    }

    @Test
    void aHoldIsOnlyLoggedAgainWhenANewOneStarts() {
        try (CapturedLogs logs = CapturedLogs.attach()) {
            github.useUpRateLimit(Duration.ofSeconds(10));
            failure("get-issue", key());
            failure("get-issue", key());
            clock.advance(Duration.ofSeconds(11));
            github.useUpRateLimit(Duration.ofSeconds(20)); // a second window, used up at once
            failure("get-issue", key());
            failure("get-issue", key());
            assertThat(github.requests()).hasSize(2);
            assertThat(logs.at(Level.WARN)).hasSize(2)
                    .allSatisfy(l -> assertThat(l.text()).contains("GitHub rate limit: holding every call until"));
            assertThat(logs.at(Level.INFO)).filteredOn(l -> l.text().contains("calls resume")).hasSize(1);
        }
    }

    // ---- helpers ----

    /**
     * {@code ticks} rounds of every op, 2 s of clock apart (a tick's interval), each refused by the hold; returns
     * how many calls were refused.
     */
    int everyOpHeldForTicks(int ticks, Instant until) {
        IssueKey key = key();
        Map<String, Object> ops = new java.util.LinkedHashMap<>();
        ops.put("list-issues", listing());
        ops.put("get-issue", key);
        ops.put("add-label", new LabelChange(key, "in-progress"));
        ops.put("remove-label", new LabelChange(key, "ready-for-agent"));
        ops.put("find-afk-comment", key);
        ops.put("write-afk-comment", new CommentWrite(key, null, "v1"));
        ops.put("close-issue", key);
        ops.put("labeler", new LabelerQuery(key, "ready-for-agent"));
        ops.put("commit-exists", commit());
        ops.put("ci-verdict", commit());
        ops.put("deploy-verdict", commit());
        int refused = 0;
        for (int t = 0; t < ticks; t++) {
            clock.advance(Duration.ofSeconds(2));
            for (Map.Entry<String, Object> op : ops.entrySet()) {
                assertHeld(op.getKey(), op.getValue(), until);
                refused++;
            }
        }
        return refused;
    }

    void assertHeld(String op, Object body, Instant until) {
        int before = github.requests().size();
        AdapterFailure f = failure(op, body);
        assertThat(f.kind()).as(op).isEqualTo(Kind.RATE_LIMITED);
        assertThat(f.status()).as(op + ": nothing was sent").isZero();
        assertThat(f.operation()).isEqualTo(op);
        assertThat(f.retryAfter()).as(op).isPositive()
                .isLessThanOrEqualTo(Duration.between(clock.instant(), until).plusSeconds(1));
        assertThat(github.requests()).as(op + " sent no request").hasSize(before);
    }

    static void assertOneHoldLine(CapturedLogs logs, Instant until) {
        assertThat(logs.at(Level.WARN)).as(logs.all()).singleElement().satisfies(l -> {
            assertThat(l.logger()).isEqualTo("afk");
            assertThat(l.text()).contains("GitHub rate limit: holding every call until " + until);
        });
    }

    /** The instant the single WARN line says the hold lasts until. */
    static Instant holdLine(CapturedLogs logs) {
        String marker = "holding every call until ";
        assertThat(logs.at(Level.WARN)).as(logs.all()).isNotEmpty();
        String text = logs.at(Level.WARN).get(0).text();
        assertThat(text).contains(marker);
        String rest = text.substring(text.indexOf(marker) + marker.length());
        return Instant.parse(rest.substring(0, rest.indexOf(' ')));
    }

    <T> T call(String op, Object body, Class<T> type) {
        return template.requestBody("direct:github-" + op, body, type);
    }

    AdapterFailure failure(String op, Object body) {
        return failureOf(() -> template.requestBody("direct:github-" + op, body));
    }

    IssueKey key() {
        return IssueKey.of(repo, 1);
    }

    ListIssues listing() {
        return new ListIssues(RepoRef.parse(repo), "ready-for-agent");
    }

    CommitRef commit() {
        return new CommitRef(RepoRef.parse(repo), SHA);
    }
}
