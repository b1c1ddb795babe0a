package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.sim.GitHubSimulator;
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
 * Shared set-up of the GitHub route tests: the real {@code routes/tracker-github.camel.yaml} (and nothing else) in
 * Camel Main, over loopback HTTP against a {@link GitHubSimulator}. Each test works in its own repository so the
 * tests of a class do not see each other's issues.
 */
abstract class GitHubRoutesBaseTest extends RouteTestSupport {

    static final String TOKEN = "ghp-test-token-3d9a51";
    static final String BOT = "afk-bot";

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
        model = new TrackerModel(Clock.systemUTC());
        github = new GitHubSimulator(0, Clock.systemUTC(), model, TOKEN, BOT).start();
    }

    @AfterAll
    static void stopGitHub() {
        github.close();
    }

    @BeforeEach
    void freshRepo(TestInfo info) {
        repo = "acme/" + info.getTestMethod().orElseThrow().getName().replaceAll("[^A-Za-z0-9]", "-");
        model.createRepo(repo);
        github.clearRequests();
        github.clearFaults();
        github.setRateLimit(5000);
        github.setMaxPageSize(100);
    }

    @AfterEach
    void noContractViolations() {
        assertThat(github.violations()).isEmpty();
    }

    @Override
    protected void configure(Properties p) {
        p.put("afk.tracker", "github");
        p.put("afk.tracker-url", github.baseUrl());
        p.put("afk.tracker-token-file", tokenFile.toString());
        p.put("afk.deploy-context", "deploy/production");
        p.put("afk.http-connect-timeout-ms", "1000");
        p.put("afk.http-response-timeout-ms", "400");
        p.put("afk.http.retries", "2");
        p.put("afk.http.retry-delay-ms", "5");
        p.put("afk.http.retry-max-delay-ms", "20");
    }

    <T> T call(String op, Object body, Class<T> type) {
        return template.requestBody("direct:github-" + op, body, type);
    }

    /** The typed failure an op left with. */
    AdapterFailure failure(String op, Object body) {
        return failureOf(() -> template.requestBody("direct:github-" + op, body));
    }

    /** The afk.adapter.failures counter of one kind (0 when it never counted). */
    double failuresCounted(AdapterFailure.Kind kind) {
        return counted("afk.adapter.failures", "system", "github", "kind", kind.name());
    }

    /**
     * The requests for this test's repository only: a request a previous test's delay fault held back is recorded
     * when its reply is finally sent, which may be during this test.
     */
    List<SimRequest> ownRequests() {
        String mine = "/repos/" + repo;
        return github.requests().stream().filter(r -> r.path().equals(mine) || r.path().startsWith(mine + "/"))
                .toList();
    }

    List<SimRequest> requests(String method, String pathPrefix) {
        return github.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
    }
}
