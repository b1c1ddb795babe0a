package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import dev.afk.sim.ForgejoSimulator;
import dev.afk.sim.SimRequest;
import dev.afk.sim.TrackerModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Shared set-up of the Forgejo route tests: the real {@code routes/tracker-forgejo.camel.yaml} (and nothing else) in
 * Camel Main, over loopback HTTP against a {@link ForgejoSimulator}. Each test works in its own repository, and
 * every test ends by asserting the simulator saw no contract violation.
 */
abstract class ForgejoRoutesBaseTest extends RouteTestSupport {

    static final String TOKEN = "fj-test-token-5c0ffee";
    static final String BOT = "afk-bot";
    static final String DEPLOY = "deploy/production";

    static TrackerModel model;
    static ForgejoSimulator forgejo;
    static Path tokenFile;

    String repo;

    @Override
    List<String> routeFiles() {
        return List.of("tracker-forgejo");
    }

    @BeforeAll
    static void startForgejo() {
        tokenFile = tokenFile("forgejo-token", TOKEN);
        model = new TrackerModel(Clock.systemUTC());
        forgejo = new ForgejoSimulator(0, Clock.systemUTC(), model, TOKEN, BOT).start();
    }

    @AfterAll
    static void stopForgejo() {
        forgejo.close();
    }

    @BeforeEach
    void freshRepo(TestInfo info) {
        repo = "acme/" + info.getTestMethod().orElseThrow().getName().replaceAll("[^A-Za-z0-9]", "-")
                + info.getDisplayName().replaceAll("[^A-Za-z0-9]", "").hashCode();
        model.createRepo(repo, "ready-for-agent", "in-progress", "ready-for-human", "bug");
        forgejo.clearRequests();
        forgejo.clearFaults();
        forgejo.clearViolations();
    }

    @AfterEach
    void noContractViolations() {
        assertThat(forgejo.violations()).isEmpty();
    }

    @Override
    protected void configure(Properties p) {
        p.put("afk.tracker", "forgejo");
        p.put("afk.tracker-url", forgejo.apiUrl());
        p.put("afk.tracker-token-file", tokenFile.toString());
        p.put("afk.deploy-context", DEPLOY);
        p.put("afk.http-connect-timeout-ms", "1000");
        p.put("afk.http-response-timeout-ms", "1500");
        p.put("afk.http.retries", "2");
        p.put("afk.http.retry-delay-ms", "5");
        p.put("afk.http.retry-max-delay-ms", "20");
    }

    RepoRef repoRef() {
        return RepoRef.parse(repo);
    }

    IssueKey key(int number) {
        return new IssueKey(repoRef(), number);
    }

    <T> T call(String op, Object body, Class<T> type) {
        return template.requestBody("direct:forgejo-" + op, body, type);
    }

    /** The typed failure an op left with. */
    AdapterFailure failure(String op, Object body) {
        return failureOf(() -> template.requestBody("direct:forgejo-" + op, body));
    }

    /**
     * The requests for this test's repository only: a request a previous test's delay fault held back is recorded
     * when its reply is finally sent, which may be during this test.
     */
    List<SimRequest> ownRequests() {
        String mine = "/api/v1/repos/" + repo;
        return forgejo.requests().stream().filter(r -> r.path().equals(mine) || r.path().startsWith(mine + "/"))
                .toList();
    }

    List<SimRequest> requests(String method, String pathSuffixRegex) {
        return ownRequests().stream()
                .filter(r -> r.method().equals(method) && r.path().matches(".*" + pathSuffixRegex)).toList();
    }
}
