package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.AfkComment;
import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.IssueListing;
import dev.afk.adapter.LabelChange;
import dev.afk.adapter.ListIssues;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import dev.afk.sim.SimFault;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every error class of the GitHub adapter leaves the op as the right {@link AdapterFailure} kind; transient failures
 * of idempotent calls are retried (bounded), everything else fails at once.
 */
class GitHubRoutesErrorsTest extends GitHubRoutesBaseTest {

    static final String ISSUE_PATH = "/repos/.*/issues/1";

    IssueKey key(int n) {
        return IssueKey.of(repo, n);
    }

    ListIssues listing() {
        return new ListIssues(RepoRef.parse(repo), "ready-for-agent");
    }

    void oneIssue() {
        model.createIssue(repo, "One", "", "alice", false, "ready-for-agent");
    }

    @Test
    void aWrongTokenIsAuthNamingTheVariableAndNeverTheToken() throws IOException {
        oneIssue();
        Files.writeString(tokenFile, "ghp-wrong-token");
        try {
            AdapterFailure f = failure("get-issue", key(1));
            assertThat(f.kind()).isEqualTo(Kind.AUTH);
            assertThat(f.status()).isEqualTo(401);
            assertThat(f.system()).isEqualTo("github");
            assertThat(f.getMessage()).contains("AFK_TRACKER_TOKEN_FILE").doesNotContain("ghp-wrong-token")
                    .doesNotContain(TOKEN);
            assertThat(ownRequests()).hasSize(1);
        } finally {
            Files.writeString(tokenFile, TOKEN);
        }
        assertThat(github.violations()).singleElement().asString().contains("wrong token");
        github.clearViolations();
        assertThat(call("get-issue", key(1), Issue.class).title()).isEqualTo("One"); // a rotated file takes effect
    }

    @Test
    void anUnreadableTokenFileIsAuthNamingTheVariable() throws IOException {
        oneIssue();
        Files.delete(tokenFile);
        try {
            AdapterFailure f = failure("get-issue", key(1));
            assertThat(f.kind()).isEqualTo(Kind.AUTH);
            assertThat(f.getMessage()).contains("AFK_TRACKER_TOKEN_FILE");
            assertThat(ownRequests()).isEmpty();
        } finally {
            Files.writeString(tokenFile, TOKEN);
        }
    }

    @Test
    void a403WithoutRateLimitSignsIsAMissingScope() {
        oneIssue();
        github.inject(SimFault.reply("POST", ISSUE_PATH + "/labels", 403,
                "{\"message\":\"Resource not accessible by personal access token\"}", 1));
        AdapterFailure f = failure("add-label", new LabelChange(key(1), "in-progress"));
        assertThat(f.kind()).isEqualTo(Kind.AUTH);
        assertThat(f.getMessage()).contains("AFK_TRACKER_TOKEN_FILE");
        assertThat(ownRequests()).hasSize(1);
    }

    @Test
    void aMissingIssueIsNotFoundAndCountedOnce() {
        AdapterFailure f = failure("get-issue", key(99));
        assertThat(f.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(f.operation()).isEqualTo("get-issue");
        assertThat(failuresCounted(Kind.NOT_FOUND)).isEqualTo(1.0);
    }

    @Test
    void removingALabelFromAMissingIssueIsNotFoundAlthoughAMissingLabelIsFine() {
        AdapterFailure f = failure("remove-label", new LabelChange(key(99), "in-progress"));
        assertThat(f.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void a422IsRejectedAndNotRetried() {
        oneIssue();
        github.inject(SimFault.reply("PATCH", ISSUE_PATH, 422, "{\"message\":\"Validation Failed\"}", -1));
        AdapterFailure f = failure("close-issue", key(1));
        assertThat(f.kind()).isEqualTo(Kind.REJECTED);
        assertThat(ownRequests()).hasSize(1);
        assertThat(model.issue(repo, 1).orElseThrow().open()).isTrue();
    }

    @Test
    void a429WithALongRetryAfterFailsFastAsRateLimited() {
        github.inject(SimFault.reply("GET", "/repos/.*/issues", 429, "{\"message\":\"slow down\"}", -1)
                .withHeaders(Map.of("Retry-After", "120")));
        AdapterFailure f = failure("list-issues", listing());
        assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(ownRequests()).hasSize(1);
    }

    @Test
    void a429WithAShortRetryAfterIsWaitedOutAndRetried() {
        oneIssue();
        github.inject(SimFault.reply("GET", "/repos/.*/issues", 429, "{\"message\":\"slow down\"}", 1)
                .withHeaders(Map.of("Retry-After", "1")));
        long start = System.nanoTime();
        @SuppressWarnings("unchecked")
        List<Issue> issues = call("list-issues", listing(), IssueListing.class).issues();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(issues).hasSize(1);
        assertThat(ownRequests()).extracting(r -> r.status()).containsExactly(429, 200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)); // the retry-after, not the 5 ms back-off
    }

    @Test
    void anExhaustedPrimaryLimitIs403WithRemainingZeroAndWaitsUntilTheReset() {
        oneIssue();
        github.setRateLimit(0);
        AdapterFailure f = failure("get-issue", key(1));
        assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(f.status()).isEqualTo(403);
        assertThat(f.retryAfter()).isBetween(Duration.ofMinutes(55), Duration.ofMinutes(61));
        assertThat(ownRequests()).hasSize(1);
    }

    @Test
    void aSecondaryLimitWithoutRetryAfterWaitsAtLeastAMinute() {
        github.inject(SimFault.reply("GET", "/repos/.*/issues", 403,
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try "
                        + "again.\",\"documentation_url\":\"https://docs.github.com/rest/overview/"
                        + "rate-limits-for-the-rest-api#about-secondary-rate-limits\"}", -1)
                .withHeaders(Map.of("x-ratelimit-remaining", "4000")));
        AdapterFailure f = failure("list-issues", listing());
        assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(f.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(ownRequests()).hasSize(1);
    }

    @Test
    void aSecondaryLimitHonoursItsRetryAfter() {
        github.inject(SimFault.reply("GET", "/repos/.*/issues", 403,
                "{\"message\":\"You have exceeded a secondary rate limit.\"}", -1)
                .withHeaders(Map.of("Retry-After", "30")));
        AdapterFailure f = failure("list-issues", listing());
        assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aServerErrorIsRetriedThenSucceeds() {
        oneIssue();
        github.inject(SimFault.reply("GET", ISSUE_PATH, 502, "<html>bad gateway</html>", 2));
        assertThat(call("get-issue", key(1), Issue.class).title()).isEqualTo("One");
        assertThat(ownRequests()).extracting(r -> r.status()).containsExactly(502, 502, 200);
    }

    @Test
    void aPersistentServerErrorIsServerAfterTheBoundedRetries() {
        oneIssue();
        github.inject(SimFault.reply("GET", ISSUE_PATH, 503, "", -1));
        AdapterFailure f = failure("get-issue", key(1));
        assertThat(f.kind()).isEqualTo(Kind.SERVER);
        assertThat(ownRequests()).hasSize(3); // 1 + afk.http.retries=2
        assertThat(failuresCounted(Kind.SERVER)).isEqualTo(1.0); // once per failed call, after the retries
    }

    @Test
    void aServerErrorOnAnyPageRetriesThatPageOnly() {
        github.setMaxPageSize(1);
        oneIssue();
        model.createIssue(repo, "Two", "", "alice", false, "ready-for-agent");
        github.inject(SimFault.reply("GET", "/repos/.*/issues", 500, "", 1));
        @SuppressWarnings("unchecked")
        List<Issue> issues = call("list-issues", listing(), IssueListing.class).issues();
        assertThat(issues).hasSize(2);
        assertThat(ownRequests()).extracting(r -> r.status()).containsExactly(500, 200, 200);
    }

    @Test
    void aTimeoutIsTimeoutAfterTheBoundedRetries() {
        oneIssue();
        github.inject(SimFault.delay("GET", ISSUE_PATH, Duration.ofMillis(1500), -1));
        AdapterFailure f = failure("get-issue", key(1));
        assertThat(f.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(f.status()).isZero();
    }

    @Test
    void aSingleTimeoutIsRetried() {
        oneIssue();
        github.inject(SimFault.delay("GET", ISSUE_PATH, Duration.ofMillis(1500), 1));
        assertThat(call("get-issue", key(1), Issue.class).title()).isEqualTo("One");
    }

    @Test
    void malformedJsonIsMalformedAndNotRetried() {
        github.inject(SimFault.reply("GET", "/repos/.*/issues", 200, "[{\"number\": 1, \"title\": ", -1));
        AdapterFailure f = failure("list-issues", listing());
        assertThat(f.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(ownRequests()).hasSize(1);
    }

    @Test
    void theWrongJsonShapeIsMalformed() {
        github.inject(SimFault.reply("GET", "/repos/.*/issues", 200, "{\"message\":\"not a list\"}", -1));
        assertThat(failure("list-issues", listing()).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void creatingACommentIsNeverRetriedSoNoDuplicateIsPosted() {
        oneIssue();
        github.inject(SimFault.reply("POST", ISSUE_PATH + "/comments", 502, "", -1));
        AdapterFailure f = failure("write-afk-comment", new CommentWrite(key(1), null, "v1"));
        assertThat(f.kind()).isEqualTo(Kind.SERVER);
        assertThat(requests("POST", "/repos/" + repo + "/issues/1/comments")).hasSize(1);
    }

    @Test
    void editingACommentInPlaceIsRetried() {
        oneIssue();
        long id = model.addComment(repo, 1, "v1", BOT).orElseThrow().id();
        github.inject(SimFault.reply("PATCH", "/repos/.*/issues/comments/.*", 502, "", 1));
        AfkComment c = call("write-afk-comment", new CommentWrite(key(1), id, "v2"), AfkComment.class);
        assertThat(c).isEqualTo(new AfkComment(id, "v2"));
        assertThat(requests("PATCH", "/repos/" + repo + "/issues/comments/")).hasSize(2);
    }

    @Test
    void aFailedListIsNeverAnsweredFromTheEtagCache() {
        oneIssue();
        call("list-issues", listing(), IssueListing.class).issues();
        github.inject(SimFault.reply("GET", "/repos/.*/issues", 404, "{\"message\":\"Not Found\"}", -1));
        assertThat(failure("list-issues", listing()).kind()).isEqualTo(Kind.NOT_FOUND);
    }
}
