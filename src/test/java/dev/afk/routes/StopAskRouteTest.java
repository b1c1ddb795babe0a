package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.RunComments;
import dev.afk.adapter.StopAskQuery;
import dev.afk.adapter.TrackerDialects;
import dev.afk.core.Config;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import dev.afk.core.StopAsk;
import dev.afk.sim.SimFault;
import dev.afk.sim.SimRequest;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@code direct:afk-stop-ask} (routes/stop-ask.camel.yaml) with the real tracker route file over loopback HTTP
 * against the dialect's simulator: who may stop a run with {@code /afk stop}, what is ignored, and that a failed read
 * never stops one: what holds in both trust modes. {@link StopAskByListRouteTest} ({@code AFK_TRUSTED_LABELERS}
 * set to {@link #LISTED}) and {@link StopAskByPermissionRouteTest} (empty: write or admin on the repository) add
 * each mode's own; their subclasses name the dialect.
 */
abstract class StopAskRouteTest extends RouteTestSupport {

    static final String TOKEN = "stop-ask-test-token-51c";
    static final String AFK = "afk-bot";
    /** The trusted list of the listed mode; ci-helper is a bot, listed on purpose. */
    static final String LISTED = "alice,ci-helper";

    String repo;
    Instant dispatched;

    abstract Config.Tracker dialect();

    abstract TrackerModel model();

    abstract SimServer simulator();

    /** Whether this class runs with AFK_TRUSTED_LABELERS={@value #LISTED}. */
    abstract boolean listed();

    abstract void configureDialect(Properties p);

    @Override
    final List<String> routeFiles() {
        return List.of(TrackerDialects.routeFile(dialect()).replace(".camel.yaml", ""), "stop-ask");
    }

    @Override
    protected final void configure(Properties p) {
        p.put("afk.tracker", TrackerDialects.id(dialect()));
        p.put("afk.tracker-login", AFK);
        p.put("afk.trusted-labelers", listed() ? LISTED : "");
        p.put("afk.http-connect-timeout-ms", "1000");
        p.put("afk.http-response-timeout-ms", "1500");
        p.put("afk.http.retries", "1");
        p.put("afk.http.retry-delay-ms", "5");
        p.put("afk.http.retry-max-delay-ms", "10");
        configureDialect(p);
    }

    @BeforeEach
    void anInFlightIssue(TestInfo info) {
        repo = "acme/stop-" + info.getTestMethod().orElseThrow().getName();
        model().createRepo(repo, "in-progress");
        model().createIssue(repo, "t", "", "alice", false, "in-progress");
        model().setRole(repo, AFK, "admin"); // Forgejo shows another user's permission to a repository admin only
        model().setRole(repo, "wes", "write");
        model().setRole(repo, "ada", "admin");
        model().setRole(repo, "rita", "read");
        model().markBot("ci-helper");
        model().setRole(repo, "ci-helper", "admin");
        dispatched = Instant.now().minusSeconds(300);
        simulator().clearRequests();
        simulator().clearFaults();
        simulator().clearViolations();
    }

    @AfterEach
    void noContractViolations() {
        assertThat(simulator().violations()).isEmpty();
    }

    StopAsk ask() {
        return template.requestBody("direct:afk-stop-ask", new StopAskQuery(new IssueKey(RepoRef.parse(repo), 1),
                dispatched), RunComments.class).ask();
    }

    long comment(String who, String body) {
        return model().addComment(repo, 1, body, who).orElseThrow().id();
    }

    List<SimRequest> permissionReads() {
        return simulator().requests().stream().filter(r -> r.path().endsWith("/permission")).toList();
    }

    List<SimRequest> commentReads() {
        return simulator().requests().stream().filter(r -> r.path().endsWith("/issues/1/comments")).toList();
    }

    // ---- both modes ----

    @Test
    void noAskIsNoneAndOnlyTheRelayJudgesTheCommentsAuthors() {
        comment("wes", "lgtm");
        comment("ada", "please /afk stop");
        assertThat(ask()).isEqualTo(StopAsk.NONE);
        assertThat(commentReads()).hasSize(1);
        // Not an ask, but comments the relay judges (issue 10): their authors' permission, unless the list decides.
        if (listed()) {
            assertThat(permissionReads()).isEmpty();
        } else {
            assertThat(permissionReads()).extracting(SimRequest::path).hasSize(2)
                    .anySatisfy(p -> assertThat(p).endsWith("/collaborators/wes/permission"))
                    .anySatisfy(p -> assertThat(p).endsWith("/collaborators/ada/permission"));
        }
    }

    @Test
    void commentsAlreadyRelayedCostNoPermissionRead() {
        long wes = comment("wes", "lgtm");
        long ada = comment("ada", "please look at the cache too");
        RunComments said = template.requestBody("direct:afk-stop-ask", new StopAskQuery(
                new IssueKey(RepoRef.parse(repo), 1), dispatched, java.util.List.of(wes, ada)), RunComments.class);
        assertThat(said.ask()).isEqualTo(StopAsk.NONE);
        assertThat(said.relay().relay()).isEmpty();
        assertThat(said.comments()).extracting(c -> c.id()).containsExactly(wes, ada);
        assertThat(permissionReads()).isEmpty();
    }

    @Test
    void aBotsAskIsIgnoredEvenWhenTrustedAndItsPermissionIsNeverRead() {
        long id = comment("ci-helper", "/afk stop");
        try (CapturedLogs logs = CapturedLogs.attach()) {
            assertThat(ask()).isEqualTo(StopAsk.ignored("ci-helper", id, "'ci-helper' is a bot; bots never stop a run"));
            assertThat(logs.at(Level.WARN)).singleElement().satisfies(l ->
                    assertThat(l.text()).contains("ignored /afk stop", "by=ci-helper", "comment=" + id, "a bot"));
            assertThat(ask().kind()).isEqualTo(StopAsk.Kind.IGNORED);
            assertThat(logs.at(Level.WARN)).as("logged once, not every tick").hasSize(1);
        }
        assertThat(permissionReads()).isEmpty();
    }

    @Test
    void afksOwnAskIsNoAsk() {
        comment(AFK, "/afk stop");
        assertThat(ask()).isEqualTo(StopAsk.NONE);
        assertThat(permissionReads()).isEmpty();
    }

    @Test
    void anAskBeforeTheDispatchIsForAnEarlierAttempt() {
        model().addComment(repo, 1, "/afk stop", "alice", dispatched.minusSeconds(60));
        model().addComment(repo, 1, "/afk stop", "wes", dispatched.minusSeconds(1));
        assertThat(ask()).isEqualTo(StopAsk.NONE);
        assertThat(commentReads()).extracting(SimRequest::query).allSatisfy(q -> assertThat(q).contains("since="));
    }

    @Test
    void aFailedCommentReadIsNoneWithOneWarningAndOneCountedFailure() {
        comment(listed() ? "alice" : "wes", "/afk stop");
        simulator().inject(SimFault.reply("GET", ".*/issues/1/comments", 503, "busy", -1));
        String system = TrackerDialects.id(dialect());
        try (CapturedLogs logs = CapturedLogs.attach()) {
            assertThat(ask()).isEqualTo(StopAsk.NONE);
            assertThat(logs.at(Level.WARN)).as(logs.all()).singleElement().satisfies(l -> {
                assertThat(l.logger()).isEqualTo("afk.adapter");
                assertThat(l.text()).contains("list-comments", "SERVER");
            });
        }
        assertThat(counted("afk.adapter.failures", "system", system, "kind", "SERVER")).isEqualTo(1.0);
        simulator().clearFaults();
        assertThat(ask().kind()).as("the next tick reads again").isEqualTo(StopAsk.Kind.STOP);
    }
}
