package dev.afk.core;

import static dev.afk.core.WebhookFixtures.ALLOWLIST;
import static dev.afk.core.WebhookFixtures.COMMENT;
import static dev.afk.core.WebhookFixtures.ID;
import static dev.afk.core.WebhookFixtures.MAX;
import static dev.afk.core.WebhookFixtures.REPO;
import static dev.afk.core.WebhookFixtures.SECRET;
import static dev.afk.core.WebhookFixtures.TITLE;
import static dev.afk.core.WebhookFixtures.forgejo;
import static dev.afk.core.WebhookFixtures.github;
import static dev.afk.core.WebhookFixtures.judge;
import static dev.afk.core.WebhookFixtures.signed;
import static dev.afk.core.WebhookFixtures.utf8;
import static dev.afk.core.WebhookDialect.FORGEJO;
import static dev.afk.core.WebhookDialect.GITHUB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The webhook ladder, rung by rung, and the event table of docs/reference/webhooks.md §2 and §4, row by row. */
class WebhookPolicyTest {

    private static final String KICK_BOTH = "poll+watch";
    private static final String KICK_WATCH = "watch";
    private static final String IGNORED = "ignored";

    /** Every event and action the table names, and neighbours it leaves out. */
    static Stream<Arguments> events() {
        return Stream.of(
                // GitHub issues: what the poll dispatches from and the watch reads
                Arguments.of(GITHUB, "issues", "labeled", KICK_BOTH),
                Arguments.of(GITHUB, "issues", "unlabeled", KICK_BOTH),
                Arguments.of(GITHUB, "issues", "opened", KICK_BOTH),
                Arguments.of(GITHUB, "issues", "closed", KICK_BOTH),
                Arguments.of(GITHUB, "issues", "reopened", KICK_BOTH),
                Arguments.of(GITHUB, "issues", "edited", KICK_BOTH),
                Arguments.of(GITHUB, "issues", "assigned", IGNORED),
                Arguments.of(GITHUB, "issues", "unassigned", IGNORED),
                Arguments.of(GITHUB, "issues", "milestoned", IGNORED),
                Arguments.of(GITHUB, "issues", "demilestoned", IGNORED),
                Arguments.of(GITHUB, "issues", "pinned", IGNORED),
                Arguments.of(GITHUB, "issues", "locked", IGNORED),
                Arguments.of(GITHUB, "issues", "label_updated", IGNORED),
                // GitHub comments: budget grants (poll), steering and /afk stop (watch)
                Arguments.of(GITHUB, "issue_comment", "created", KICK_BOTH),
                Arguments.of(GITHUB, "issue_comment", "edited", IGNORED),
                Arguments.of(GITHUB, "issue_comment", "deleted", IGNORED),
                // GitHub CI and deploys: the watch
                Arguments.of(GITHUB, "status", null, KICK_WATCH),
                Arguments.of(GITHUB, "check_run", "completed", KICK_WATCH),
                Arguments.of(GITHUB, "check_run", "created", IGNORED),
                Arguments.of(GITHUB, "check_run", "rerequested", IGNORED),
                Arguments.of(GITHUB, "check_run", "requested_action", IGNORED),
                Arguments.of(GITHUB, "check_suite", "completed", KICK_WATCH),
                Arguments.of(GITHUB, "check_suite", "requested", IGNORED),
                Arguments.of(GITHUB, "check_suite", "rerequested", IGNORED),
                Arguments.of(GITHUB, "deployment_status", "created", KICK_WATCH),
                // GitHub, the rest
                Arguments.of(GITHUB, "ping", null, IGNORED),
                Arguments.of(GITHUB, "push", null, IGNORED),
                Arguments.of(GITHUB, "pull_request", "labeled", IGNORED),
                Arguments.of(GITHUB, "deployment", "created", IGNORED),
                Arguments.of(GITHUB, "workflow_run", "completed", IGNORED),
                // Forgejo issues: label changes are event issues, action label_updated / label_cleared
                Arguments.of(FORGEJO, "issues", "label_updated", KICK_BOTH),
                Arguments.of(FORGEJO, "issues", "label_cleared", KICK_BOTH),
                Arguments.of(FORGEJO, "issues", "opened", KICK_BOTH),
                Arguments.of(FORGEJO, "issues", "closed", KICK_BOTH),
                Arguments.of(FORGEJO, "issues", "reopened", KICK_BOTH),
                Arguments.of(FORGEJO, "issues", "edited", KICK_BOTH),
                Arguments.of(FORGEJO, "issues", "assigned", IGNORED),
                Arguments.of(FORGEJO, "issues", "unassigned", IGNORED),
                Arguments.of(FORGEJO, "issues", "milestoned", IGNORED),
                Arguments.of(FORGEJO, "issues", "demilestoned", IGNORED),
                Arguments.of(FORGEJO, "issues", "labeled", IGNORED),
                Arguments.of(FORGEJO, "issue_comment", "created", KICK_BOTH),
                Arguments.of(FORGEJO, "issue_comment", "edited", IGNORED),
                Arguments.of(FORGEJO, "issue_comment", "deleted", IGNORED),
                // Forgejo has no commit-status or deployment event: CI is still polled
                Arguments.of(FORGEJO, "status", null, IGNORED),
                Arguments.of(FORGEJO, "push", null, IGNORED),
                Arguments.of(FORGEJO, "pull_request", "label_updated", IGNORED),
                Arguments.of(FORGEJO, "action_run_success", "success", IGNORED),
                Arguments.of(FORGEJO, "action_run_failure", "failure", IGNORED),
                Arguments.of(FORGEJO, "workflow_job", "completed", IGNORED),
                Arguments.of(FORGEJO, "issue_label", "label_updated", IGNORED));
    }

    @ParameterizedTest(name = "{0} {1} {2} → {3}")
    @MethodSource("events")
    void eachEventAndActionKicksTheTicksOfTheTable(WebhookDialect dialect, String event, String action,
            String expected) {
        int issue = event.startsWith("issue") ? 42 : 0;
        String body = dialect == GITHUB ? github(action, "acme/widgets", issue)
                : forgejo(action, "acme/widgets", issue);
        if (dialect == FORGEJO && action == null) {
            body = "{\"repository\":{\"full_name\":\"acme/widgets\"}}";
        }
        WebhookVerdict v = judge(signed(dialect, event, body));
        String what = action == null ? event : event + " " + action;
        if (expected.equals(IGNORED)) {
            assertThat(v.outcome()).isEqualTo(WebhookOutcome.IGNORED);
            assertThat(v.poll() || v.watch()).isFalse();
            assertThat(v.why()).isEqualTo("ignored: " + what + " on acme/widgets changes nothing a tick reads");
        } else {
            assertThat(v.outcome()).isEqualTo(WebhookOutcome.KICK);
            assertThat(v.poll()).isEqualTo(expected.equals(KICK_BOTH));
            assertThat(v.watch()).isTrue();
            assertThat(v.repo()).isSameAs(REPO);
            assertThat(v.issue()).as("issue.number when the payload has an issue").isEqualTo(issue);
            assertThat(v.why()).startsWith("kick " + expected + ": " + what + " on acme/widgets");
        }
        assertThat(v.event()).isEqualTo(event);
        assertThat(v.deliveryId()).isEqualTo(ID);
        assertThat(v.getStatus()).isEqualTo(v.outcome().status());
        assertThat(v.isSigned()).isTrue();
        assertThat(v.why()).doesNotContain(TITLE).doesNotContain(COMMENT);
    }

    @Test
    void aLabeledIssueKicksBothTicksForThatIssue() {
        WebhookVerdict v = judge(signed(GITHUB, "issues", github("labeled", "acme/widgets", 7)));
        assertThat(v).isEqualTo(new WebhookVerdict(WebhookOutcome.KICK, "issues", ID, REPO, 7, true, true,
                "kick poll+watch: issues labeled on acme/widgets #7"));
        assertThat(v.getKind()).isEqualTo("KICK");
        assertThat(v.getStatus()).isEqualTo(202);
    }

    @Test
    void aCheckSuiteCompletedKicksTheWatchWithNoIssue() {
        String body = "{\"action\":\"completed\",\"check_suite\":{\"head_sha\":\"abc\",\"conclusion\":\"success\","
                + "\"pull_requests\":[]},\"repository\":{\"full_name\":\"acme/gears\"}}";
        WebhookVerdict v = judge(signed(GITHUB, "check_suite", body));
        assertThat(v).isEqualTo(new WebhookVerdict(WebhookOutcome.KICK, "check_suite", ID, RepoRef.parse("acme/gears"),
                0, false, true, "kick watch: check_suite completed on acme/gears"));
    }

    @Test
    void aForgejoLabelChangeKicksBothTicks() {
        WebhookVerdict v = judge(signed(FORGEJO, "issues", forgejo("label_updated", "acme/widgets", 3)));
        assertThat(v).isEqualTo(new WebhookVerdict(WebhookOutcome.KICK, "issues", ID, REPO, 3, true, true,
                "kick poll+watch: issues label_updated on acme/widgets #3"));
    }

    // ---- the ladder ----

    @Test
    void aBodyOverTheLimitIsOversizedAtExactlyOneByteMore() {
        byte[] body = utf8(github("labeled", "acme/widgets", 1));
        WebhookDelivery d = signed(GITHUB, "issues", body);
        assertThat(WebhookPolicy.judge(d, SECRET, body.length, ALLOWLIST).outcome()).isEqualTo(WebhookOutcome.KICK);
        WebhookVerdict over = WebhookPolicy.judge(d, SECRET, body.length - 1, ALLOWLIST);
        assertThat(over.outcome()).isEqualTo(WebhookOutcome.OVERSIZED);
        assertThat(over.getStatus()).isEqualTo(413);
        assertThat(over.why()).isEqualTo("oversized: a body of " + body.length
                + " bytes is over AFK_WEBHOOK_MAX_BYTES=" + (body.length - 1));
        assertThat(over.isSigned()).isFalse();
    }

    @Test
    void sizeIsJudgedBeforeTheSecretAndTheSignature() {
        byte[] big = new byte[11];
        WebhookDelivery unsigned = new WebhookDelivery(GITHUB, "issues", ID, null, big);
        assertThat(WebhookPolicy.judge(unsigned, null, 10, ALLOWLIST).outcome()).isEqualTo(WebhookOutcome.OVERSIZED);
        assertThat(WebhookPolicy.judge(unsigned, null, 11, ALLOWLIST).outcome()).isEqualTo(WebhookOutcome.NO_SECRET);
    }

    @Test
    void withoutASecretEveryDeliveryIsRefused() {
        WebhookDelivery d = signed(GITHUB, "issues", github("labeled", "acme/widgets", 1));
        for (byte[] secret : new byte[][] {null, new byte[0]}) {
            WebhookVerdict v = WebhookPolicy.judge(d, secret, MAX, ALLOWLIST);
            assertThat(v.outcome()).isEqualTo(WebhookOutcome.NO_SECRET);
            assertThat(v.getStatus()).isEqualTo(503);
            assertThat(v.why()).isEqualTo("no secret: AFK_WEBHOOK_SECRET_FILE is missing, unreadable or empty");
        }
    }

    @Test
    void noSignatureHeaderIsUnsigned() {
        byte[] body = utf8(github("labeled", "acme/widgets", 1));
        for (String header : new String[] {null, "", "  "}) {
            WebhookVerdict g = judge(new WebhookDelivery(GITHUB, "issues", ID, header, body));
            assertThat(g.outcome()).isEqualTo(WebhookOutcome.UNSIGNED);
            assertThat(g.getStatus()).isEqualTo(401);
            assertThat(g.why()).isEqualTo("unsigned: no X-Hub-Signature-256 header");
            assertThat(judge(new WebhookDelivery(FORGEJO, "issues", ID, header, body)).why())
                    .isEqualTo("unsigned: no X-Forgejo-Signature header");
        }
    }

    @Test
    void aSignatureThatIsNotThisBodysHmacIsMissigned() {
        byte[] body = utf8(github("labeled", "acme/widgets", 1));
        String right = WebhookSignature.hmacHex(SECRET, body);
        String otherSecret = WebhookSignature.hmacHex(utf8("another secret"), body);
        for (String header : new String[] {right, "sha256=" + otherSecret, "sha256=" + right.toUpperCase(),
            "sha256=" + right.substring(1), "sha1=" + right}) {
            WebhookVerdict v = judge(new WebhookDelivery(GITHUB, "issues", ID, header, body));
            assertThat(v.outcome()).as(header).isEqualTo(WebhookOutcome.MISSIGNED);
            assertThat(v.getStatus()).isEqualTo(401);
            assertThat(v.why()).isEqualTo(
                    "missigned: X-Hub-Signature-256 is not sha256= and the hex HMAC-SHA256 of this body under the "
                            + "secret");
        }
        WebhookVerdict f = judge(new WebhookDelivery(FORGEJO, "issues", ID, "sha256=" + right, body));
        assertThat(f.outcome()).isEqualTo(WebhookOutcome.MISSIGNED);
        assertThat(f.why()).isEqualTo(
                "missigned: X-Forgejo-Signature is not the hex HMAC-SHA256 of this body under the secret");
    }

    @Test
    void aGoodSignatureUnderAnotherSecretIsMissigned() {
        WebhookDelivery d = signed(FORGEJO, "issues", forgejo("opened", "acme/widgets", 1));
        assertThat(WebhookPolicy.judge(d, utf8("a-webhook-secreT"), MAX, ALLOWLIST).outcome())
                .isEqualTo(WebhookOutcome.MISSIGNED);
    }

    @Test
    void aReplayedBodyUnderATamperedEventHeaderKicksAtMostWhatTheBodySays() {
        // the headers are not signed: a replay may rename the event, but the body still decides the repository
        WebhookDelivery d = signed(GITHUB, "issues", github("labeled", "acme/elsewhere", 1));
        WebhookDelivery renamed = new WebhookDelivery(GITHUB, "status", d.deliveryId(), d.signature(), d.body());
        assertThat(judge(renamed).outcome()).isEqualTo(WebhookOutcome.FOREIGN);
    }

    static Stream<Arguments> missingHeaders() {
        return Stream.of(
                Arguments.of(GITHUB, null, ID, "malformed: X-GitHub-Event missing or not a plain name"),
                Arguments.of(GITHUB, "issues", null, "malformed: X-GitHub-Delivery missing or not a plain name"),
                Arguments.of(GITHUB, null, null,
                        "malformed: X-GitHub-Event and X-GitHub-Delivery missing or not a plain name"),
                Arguments.of(GITHUB, "", ID, "malformed: X-GitHub-Event missing or not a plain name"),
                Arguments.of(GITHUB, "Issues", ID, "malformed: X-GitHub-Event missing or not a plain name"),
                Arguments.of(GITHUB, "issues\r\nX-Evil: 1", ID,
                        "malformed: X-GitHub-Event missing or not a plain name"),
                Arguments.of(GITHUB, "issues", "id with blanks",
                        "malformed: X-GitHub-Delivery missing or not a plain name"),
                Arguments.of(GITHUB, "issues", "x".repeat(129),
                        "malformed: X-GitHub-Delivery missing or not a plain name"),
                Arguments.of(FORGEJO, null, ID, "malformed: X-Forgejo-Event missing or not a plain name"),
                Arguments.of(FORGEJO, "issues", "", "malformed: X-Forgejo-Delivery missing or not a plain name"));
    }

    @ParameterizedTest(name = "{0} event={1} delivery={2}")
    @MethodSource("missingHeaders")
    void aSignedDeliveryWithoutItsEventOrDeliveryHeaderIsMalformed(WebhookDialect dialect, String event, String id,
            String why) {
        byte[] body = utf8(github("labeled", "acme/widgets", 1));
        WebhookVerdict v = judge(new WebhookDelivery(dialect, event, id, WebhookSignature.header(dialect, SECRET, body),
                body));
        assertThat(v.outcome()).isEqualTo(WebhookOutcome.MALFORMED);
        assertThat(v.getStatus()).isEqualTo(400);
        assertThat(v.why()).isEqualTo(why);
        assertThat(v.event()).as("only a plain event name is kept").isIn(null, "issues");
        assertThat(v.deliveryId()).isIn(null, ID);
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("empty", "", "is not a JSON object"),
                Arguments.of("not JSON", "hello", "is not a JSON object"),
                Arguments.of("a form body (content type form)",
                        "payload=%7B%22action%22%3A%22labeled%22%7D", "is not a JSON object"),
                Arguments.of("an array", "[{\"repository\":{\"full_name\":\"acme/widgets\"}}]", "is not a JSON object"),
                Arguments.of("a string", "\"acme/widgets\"", "is not a JSON object"),
                Arguments.of("trailing bytes", github("labeled", "acme/widgets", 1) + "{}", "is not a JSON object"),
                Arguments.of("truncated", github("labeled", "acme/widgets", 1).substring(0, 40),
                        "is not a JSON object"),
                Arguments.of("a duplicate key",
                        "{\"action\":\"labeled\",\"repository\":{\"full_name\":\"acme/widgets\","
                                + "\"full_name\":\"evil/repo\"}}",
                        "is not a JSON object"),
                Arguments.of("too deep", "{\"a\":" + "[".repeat(200) + "]".repeat(200)
                        + ",\"repository\":{\"full_name\":\"acme/widgets\"}}", "is not a JSON object"),
                Arguments.of("no repository", "{\"action\":\"labeled\",\"issue\":{\"number\":1}}",
                        "names no repository"),
                Arguments.of("repository is null", "{\"action\":\"labeled\",\"repository\":null}",
                        "has no repository.full_name of the form owner/name"),
                Arguments.of("no full_name", "{\"action\":\"labeled\",\"repository\":{\"name\":\"widgets\"}}",
                        "has no repository.full_name of the form owner/name"),
                Arguments.of("full_name a number", "{\"action\":\"labeled\",\"repository\":{\"full_name\":7}}",
                        "has no repository.full_name of the form owner/name"),
                Arguments.of("full_name without owner",
                        "{\"action\":\"labeled\",\"repository\":{\"full_name\":\"widgets\"}}",
                        "has no repository.full_name of the form owner/name"),
                Arguments.of("full_name with two slashes",
                        "{\"action\":\"labeled\",\"repository\":{\"full_name\":\"acme/widgets/x\"}}",
                        "has no repository.full_name of the form owner/name"),
                Arguments.of("full_name with tracker text",
                        "{\"action\":\"labeled\",\"repository\":{\"full_name\":\"acme/" + TITLE + "\"}}",
                        "has no repository.full_name of the form owner/name"),
                Arguments.of("no action", github(null, "acme/widgets", 1), "has no action"),
                Arguments.of("action not a string",
                        "{\"action\":1,\"repository\":{\"full_name\":\"acme/widgets\"}}", "has no action"),
                Arguments.of("action not a plain name", github("Labeled; rm -rf", "acme/widgets", 1), "has no action"),
                Arguments.of("issue.number a string",
                        "{\"action\":\"labeled\",\"issue\":{\"number\":\"7\"},"
                                + "\"repository\":{\"full_name\":\"acme/widgets\"}}",
                        "has an issue.number that is no issue number"),
                Arguments.of("issue.number zero",
                        "{\"action\":\"labeled\",\"issue\":{\"number\":0},"
                                + "\"repository\":{\"full_name\":\"acme/widgets\"}}",
                        "has an issue.number that is no issue number"),
                Arguments.of("issue.number negative",
                        "{\"action\":\"labeled\",\"issue\":{\"number\":-3},"
                                + "\"repository\":{\"full_name\":\"acme/widgets\"}}",
                        "has an issue.number that is no issue number"),
                Arguments.of("issue.number a fraction",
                        "{\"action\":\"labeled\",\"issue\":{\"number\":7.5},"
                                + "\"repository\":{\"full_name\":\"acme/widgets\"}}",
                        "has an issue.number that is no issue number"),
                Arguments.of("issue.number beyond an int",
                        "{\"action\":\"labeled\",\"issue\":{\"number\":2147483648},"
                                + "\"repository\":{\"full_name\":\"acme/widgets\"}}",
                        "has an issue.number that is no issue number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void aSignedBodyThatIsNotTheObjectTheEventNeedsIsMalformed(String name, String body, String why) {
        WebhookVerdict v = judge(signed(GITHUB, "issues", body));
        assertThat(v.outcome()).isEqualTo(WebhookOutcome.MALFORMED);
        assertThat(v.getStatus()).isEqualTo(400);
        assertThat(v.why()).startsWith("malformed: the issues body ").contains(why);
        assertThat(v.why()).doesNotContain(TITLE).doesNotContain("rm -rf");
        assertThat(v.poll() || v.watch()).isFalse();
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] body = utf8("{\"action\":\"labeled\",\"repository\":{\"full_name\":\"acme/widgets\"},\"x\":\"??\"}");
        body[body.length - 4] = (byte) 0xc3; // a lead byte followed by an ASCII byte
        assertThat(judge(signed(GITHUB, "issues", body)).outcome()).isEqualTo(WebhookOutcome.MALFORMED);
    }

    @Test
    void aReposNameComparesCaseInsensitivelyAndTheKickNamesTheAllowlistsSpelling() {
        WebhookVerdict v = judge(signed(GITHUB, "issues", github("labeled", "ACME/Widgets", 5)));
        assertThat(v.outcome()).isEqualTo(WebhookOutcome.KICK);
        assertThat(v.repo()).isSameAs(REPO);
        assertThat(v.why()).isEqualTo("kick poll+watch: issues labeled on acme/widgets #5");
    }

    @Test
    void aRepoOutsideTheAllowlistIsForeignAndAcknowledged() {
        WebhookVerdict v = judge(signed(GITHUB, "issues", github("labeled", "acme/widgets-fork", 5)));
        assertThat(v).isEqualTo(WebhookVerdict.of(WebhookOutcome.FOREIGN, "issues", ID,
                RepoRef.parse("acme/widgets-fork"), "foreign: acme/widgets-fork is not in AFK_ALLOWLIST"));
        assertThat(v.getStatus()).isEqualTo(200);
        assertThat(v.isSigned()).isTrue();
        assertThat(judge(signed(FORGEJO, "issue_comment", forgejo("created", "other/widgets", 5))).outcome())
                .isEqualTo(WebhookOutcome.FOREIGN);
        assertThat(WebhookPolicy.judge(signed(GITHUB, "status", "{\"repository\":{\"full_name\":\"acme/widgets\"}}"),
                SECRET, MAX, Set.of()).outcome()).as("an empty allowlist makes every repo foreign")
                .isEqualTo(WebhookOutcome.FOREIGN);
        assertThat(WebhookPolicy.judge(signed(GITHUB, "status", "{\"repository\":{\"full_name\":\"acme/widgets\"}}"),
                SECRET, MAX, null).outcome()).isEqualTo(WebhookOutcome.FOREIGN);
    }

    @Test
    void aForeignRepoIsJudgedBeforeTheEventIsIgnored() {
        String ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1,"
                + "\"repository\":{\"full_name\":\"someone/else\"}}";
        assertThat(judge(signed(GITHUB, "ping", ping)).outcome()).isEqualTo(WebhookOutcome.FOREIGN);
    }

    @Test
    void githubsPingIsIgnoredWithOrWithoutARepository() {
        String orgPing = "{\"zen\":\"Design for failure.\",\"hook_id\":12345678,\"hook\":{\"type\":\"Organization\","
                + "\"events\":[\"issues\"],\"active\":true}}";
        WebhookVerdict v = judge(signed(GITHUB, "ping", orgPing));
        assertThat(v).isEqualTo(WebhookVerdict.of(WebhookOutcome.IGNORED, "ping", ID, null,
                "ignored: ping names no repository and changes nothing a tick reads"));
        assertThat(v.getStatus()).isEqualTo(200);
        WebhookVerdict repoPing = judge(signed(GITHUB, "ping",
                "{\"zen\":\"x\",\"hook_id\":1,\"repository\":{\"full_name\":\"acme/widgets\"}}"));
        assertThat(repoPing.outcome()).isEqualTo(WebhookOutcome.IGNORED);
        assertThat(repoPing.repo()).isEqualTo(REPO);
        assertThat(repoPing.why()).isEqualTo("ignored: ping on acme/widgets changes nothing a tick reads");
    }

    @Test
    void anIssueNumberIsZeroWhenThePayloadHasNoIssue() {
        String comment = "{\"action\":\"created\",\"comment\":{\"body\":\"" + COMMENT + "\"},"
                + "\"repository\":{\"full_name\":\"acme/widgets\"}}";
        WebhookVerdict v = judge(signed(GITHUB, "issue_comment", comment));
        assertThat(v.outcome()).isEqualTo(WebhookOutcome.KICK);
        assertThat(v.issue()).isZero();
        assertThat(v.why()).isEqualTo("kick poll+watch: issue_comment created on acme/widgets");
        String nullIssue = "{\"action\":\"created\",\"issue\":null,\"repository\":{\"full_name\":\"acme/widgets\"}}";
        assertThat(judge(signed(GITHUB, "issue_comment", nullIssue)).issue()).isZero();
    }

    @Test
    void anIgnoredEventIsNotCheckedForItsAction() {
        String push = "{\"ref\":\"refs/heads/main\",\"issue\":{\"number\":\"x\"},"
                + "\"repository\":{\"full_name\":\"acme/widgets\"}}";
        assertThat(judge(signed(GITHUB, "push", push)).outcome()).isEqualTo(WebhookOutcome.IGNORED);
    }

    @Test
    void aBodyAtTheDepthLimitIsReadAndOneLevelMoreIsNot() {
        int n = WebhookJson.MAX_DEPTH; // the object is level 0, so its value may hold n nested arrays
        String at = "{\"action\":\"created\",\"x\":" + "[".repeat(n) + "]".repeat(n)
                + ",\"repository\":{\"full_name\":\"acme/widgets\"}}";
        String over = "{\"action\":\"created\",\"x\":" + "[".repeat(n + 1) + "]".repeat(n + 1)
                + ",\"repository\":{\"full_name\":\"acme/widgets\"}}";
        assertThat(judge(signed(GITHUB, "deployment_status", at)).outcome()).isEqualTo(WebhookOutcome.KICK);
        assertThat(judge(signed(GITHUB, "deployment_status", over)).outcome()).isEqualTo(WebhookOutcome.MALFORMED);
    }

    @Test
    void theVerdictOfADuplicateKeepsTheDeliveryButDropsTheKick() {
        WebhookVerdict kick = judge(signed(GITHUB, "issues", github("labeled", "acme/widgets", 9)));
        WebhookVerdict dup = kick.as(WebhookOutcome.DUPLICATE, "duplicate: delivery " + ID + " already seen");
        assertThat(dup.outcome()).isEqualTo(WebhookOutcome.DUPLICATE);
        assertThat(dup.deliveryId()).isEqualTo(ID);
        assertThat(dup.repo()).isEqualTo(REPO);
        assertThat(dup.poll() || dup.watch()).isFalse();
    }

    @Test
    void theTableKicksOnlyWhatItLists() {
        assertThat(WebhookPolicy.ticks(GITHUB, null, "labeled")).isEmpty();
        assertThat(WebhookPolicy.ticks(GITHUB, "issues", null)).isEmpty();
        assertThat(WebhookPolicy.ticks(GITHUB, "status", "anything")).contains(WebhookPolicy.Ticks.WATCH);
        for (WebhookDialect d : WebhookDialect.values()) {
            for (String e : new String[] {"issues", "issue_comment", "status", "check_run", "check_suite",
                "deployment_status", "ping", "push"}) {
                if (WebhookPolicy.ticks(d, e, "created").isPresent() || WebhookPolicy.ticks(d, e, "labeled").isPresent()
                        || WebhookPolicy.ticks(d, e, "label_updated").isPresent()
                        || WebhookPolicy.ticks(d, e, "completed").isPresent()) {
                    assertThat(WebhookPolicy.actsOn(d, e)).as(d + " " + e + " kicks, so it must name its repository")
                            .isTrue();
                }
            }
        }
        assertThat(Arrays.stream(WebhookDialect.values()).filter(d -> WebhookPolicy.actsOn(d, "ping"))).isEmpty();
    }
}
