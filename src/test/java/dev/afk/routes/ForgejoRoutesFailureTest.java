package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.CommitRef;
import dev.afk.adapter.IssueListing;
import dev.afk.adapter.LabelChange;
import dev.afk.adapter.ListIssues;
import dev.afk.core.Issue;
import dev.afk.sim.SimFault;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error class of docs/ARCHITECTURE.md §9 surfaces as the right {@link AdapterFailure} kind; only transient failures of
 * idempotent calls are retried (retries=2 in these tests, so at most 3 attempts).
 */
class ForgejoRoutesFailureTest extends ForgejoRoutesBaseTest {

    static final String JSON_ERROR = "{\"message\":\"simulated\",\"url\":\"http://forgejo.invalid/api/swagger\"}";

    static Stream<Arguments> permanentFailures() {
        return Stream.of(
                Arguments.of(401, Kind.AUTH),
                Arguments.of(403, Kind.AUTH),
                Arguments.of(404, Kind.NOT_FOUND),
                Arguments.of(409, Kind.REJECTED),
                Arguments.of(412, Kind.REJECTED),
                Arguments.of(422, Kind.REJECTED),
                Arguments.of(400, Kind.BAD_REQUEST));
    }

    @ParameterizedTest(name = "HTTP {0} → {1}, not retried")
    @MethodSource("permanentFailures")
    void aPermanentFailureSurfacesAsItsKindAfterOneAttempt(int status, Kind kind) {
        model.createIssue(repo, "t", "", "alice", false, "in-progress");
        forgejo.inject(SimFault.reply("PATCH", ".*/issues/1", status, JSON_ERROR, -1)
                .withHeaders(Map.of("Content-Type", "application/json")));
        AdapterFailure f = failure("close-issue", key(1));
        assertThat(f.kind()).isEqualTo(kind);
        assertThat(f.system()).isEqualTo("forgejo");
        assertThat(f.operation()).isEqualTo("close-issue");
        assertThat(f.status()).isEqualTo(status);
        assertThat(requests("PATCH", "/issues/1")).hasSize(1);
        assertThat(model.issue(repo, 1).orElseThrow().open()).isTrue();
    }

    @Test
    void aRefusedTokenIsAuthNamingTheCredentialVariableWithoutTheToken() throws Exception {
        Files.writeString(tokenFile, "not-the-token\n");
        try {
            AdapterFailure f = failure("get-issue", key(1));
            assertThat(f.kind()).isEqualTo(Kind.AUTH);
            assertThat(f.status()).isEqualTo(401);
            assertThat(f.getMessage()).contains("AFK_TRACKER_TOKEN_FILE").doesNotContain("not-the-token")
                    .doesNotContain(TOKEN);
        } finally {
            Files.writeString(tokenFile, TOKEN + "\n");
        }
        model.createIssue(repo, "t", "", "alice", false);
        assertThat(call("get-issue", key(1), Issue.class).title()).as("the rotated file is read again").isEqualTo("t");
    }

    @Test
    void anUnreadableTokenFileIsAuthNamingTheVariableAndNothingIsSent() throws Exception {
        Files.delete(tokenFile);
        try {
            AdapterFailure f = failure("get-issue", key(1));
            assertThat(f.kind()).isEqualTo(Kind.AUTH);
            assertThat(f.getMessage()).contains("AFK_TRACKER_TOKEN_FILE");
            assertThat(ownRequests()).isEmpty();
        } finally {
            Files.writeString(tokenFile, TOKEN + "\n");
        }
    }

    @Test
    void aMissingIssueIsNotFound() {
        AdapterFailure f = failure("get-issue", key(404));
        assertThat(f.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void aLongRetryAfterFailsFastAsRateLimitedCarryingTheWait() {
        forgejo.inject(SimFault.reply("GET", ".*/issues", 429, JSON_ERROR, -1)
                .withHeaders(Map.of("Retry-After", "120")));
        AdapterFailure f = failure("list-issues", new ListIssues(repoRef(), "ready-for-agent"));
        assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(requests("GET", "/issues")).hasSize(1);
    }

    @Test
    void aShortRetryAfterIsWaitedOutAndRetried() {
        model.createIssue(repo, "t", "", "alice", false, "ready-for-agent");
        forgejo.inject(SimFault.reply("GET", ".*/issues", 429, JSON_ERROR, 1).withHeaders(Map.of("Retry-After", "1")));
        long start = System.nanoTime();
        assertThat(call("list-issues", new ListIssues(repoRef(), "ready-for-agent"), IssueListing.class).issues())
                .hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the server's wait, not the 5 ms back-off")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(requests("GET", "/issues")).extracting(r -> r.status()).containsExactly(429, 200);
    }

    @ParameterizedTest(name = "HTTP {0} once, then success")
    @MethodSource("serverErrors")
    void aServerErrorOfAnIdempotentCallIsRetriedUntilItSucceeds(int status) {
        model.createIssue(repo, "t", "", "alice", false, "ready-for-agent");
        forgejo.inject(SimFault.reply("POST", ".*/issues/1/labels", status, "<html>bad gateway</html>", 1));
        java.util.Set<?> labels = call("add-label", new LabelChange(key(1), "in-progress"), java.util.Set.class);
        assertThat(labels).asInstanceOf(InstanceOfAssertFactories.collection(String.class)).contains("in-progress");
        assertThat(requests("POST", "/issues/1/labels")).extracting(r -> r.status()).containsExactly(status, 200);
    }

    static Stream<Integer> serverErrors() {
        return Stream.of(500, 502, 503, 504);
    }

    @Test
    void aServerErrorThatPersistsIsServerAfterTheBoundedRetries() {
        forgejo.inject(SimFault.reply("GET", ".*/status", 503, "", -1));
        AdapterFailure f = failure("ci-verdict", new CommitRef(repoRef(), "a".repeat(40)));
        assertThat(f.kind()).isEqualTo(Kind.SERVER);
        assertThat(requests("GET", "/status")).hasSize(3);
    }

    @Test
    void aTimeoutIsRetriedAndThenSucceeds() {
        model.addCommit(repo, "b".repeat(40));
        forgejo.inject(SimFault.delay("GET", ".*/git/commits/.*", Duration.ofMillis(2500), 1));
        assertThat(call("commit-exists", new CommitRef(repoRef(), "b".repeat(40)), Boolean.class)).isTrue();
    }

    @Test
    void aPersistentTimeoutIsTimeout() {
        forgejo.inject(SimFault.delay("GET", ".*/issues/1", Duration.ofMillis(2500), -1));
        AdapterFailure f = failure("get-issue", key(1));
        assertThat(f.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(f.status()).isZero();
    }

    @Test
    void malformedJsonIsMalformedAndNotRetried() {
        forgejo.inject(SimFault.reply("GET", ".*/issues", 200, "[{\"number\": 1,", -1)
                .withHeaders(Map.of("Content-Type", "application/json")));
        AdapterFailure f = failure("list-issues", new ListIssues(repoRef(), "ready-for-agent"));
        assertThat(f.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(requests("GET", "/issues")).hasSize(1);
    }

    @Test
    void anHtmlErrorPageWhereJsonWasPromisedIsMalformed() {
        forgejo.inject(SimFault.reply("GET", ".*/comments", 200, "<html>proxy login</html>", -1)
                .withHeaders(Map.of("Content-Type", "text/html")));
        assertThat(failure("find-afk-comment", key(1)).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void aCommentCreateIsNeverRetriedEvenOnAServerError() {
        model.createIssue(repo, "t", "", "alice", false);
        forgejo.inject(SimFault.reply("POST", ".*/issues/1/comments", 503, "", 1));
        AdapterFailure f = failure("write-afk-comment", new CommentWrite(key(1), null, "v1"));
        assertThat(f.kind()).isEqualTo(Kind.SERVER);
        assertThat(requests("POST", "/issues/1/comments")).hasSize(1);
        assertThat(model.comments(repo, 1)).isEmpty();
    }

    @Test
    void aCommentCreateThatTimesOutIsNotRepeatedSoNoDuplicateIsPosted() {
        model.createIssue(repo, "t", "", "alice", false);
        forgejo.inject(SimFault.delay("POST", ".*/issues/1/comments", Duration.ofMillis(2500), -1));
        assertThat(failure("write-afk-comment", new CommentWrite(key(1), null, "v1")).kind()).isEqualTo(Kind.TIMEOUT);
        // The slow server still stores it: exactly one, which the next tick finds by its marker.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> model.comments(repo, 1).size() == 1);
        assertThat(requests("POST", "/issues/1/comments")).hasSize(1);
    }

    @Test
    void aCommentEditIsRetriedOnAServerError() {
        model.createIssue(repo, "t", "", "alice", false);
        long id = model.addComment(repo, 1, "v1", BOT).orElseThrow().id();
        forgejo.inject(SimFault.reply("PATCH", ".*/issues/comments/" + id, 502, "", 1));
        call("write-afk-comment", new CommentWrite(key(1), id, "v2"), Object.class);
        assertThat(model.comments(repo, 1)).singleElement().extracting(c -> c.body()).isEqualTo("v2");
    }

    @Test
    void aFailedPageIsRetriedInsideThePagingLoopAndTheListingCompletes() {
        for (int i = 0; i < 60; i++) {
            model.createIssue(repo, "i" + i, "", "alice", false, "ready-for-agent");
        }
        forgejo.inject(SimFault.reply("GET", ".*/issues", 500, "", 1));
        assertThat(call("list-issues", new ListIssues(repoRef(), "ready-for-agent"), IssueListing.class).issues())
                .hasSize(60);
        assertThat(requests("GET", "/issues")).extracting(r -> r.status() + " " + r.query()).containsExactly(
                "500 state=open&type=issues&labels=ready-for-agent&sort=oldest&limit=50&page=1",
                "200 state=open&type=issues&labels=ready-for-agent&sort=oldest&limit=50&page=1",
                "200 state=open&type=issues&labels=ready-for-agent&sort=oldest&limit=50&page=2");
    }

    @Test
    void failuresAreCountedPerSystemAndKind() {
        double before = failures("NOT_FOUND");
        failure("get-issue", key(77));
        assertThat(failures("NOT_FOUND")).isEqualTo(before + 1);
    }

    double failures(String kind) {
        return counted("afk.adapter.failures", "system", "forgejo", "kind", kind);
    }
}
