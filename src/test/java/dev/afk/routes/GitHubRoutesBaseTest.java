package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.AfkApplication;
import dev.afk.adapter.AdapterFailure;
import dev.afk.sim.GitHubSimulator;
import dev.afk.sim.SimRequest;
import dev.afk.sim.TrackerModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.component.micrometer.MicrometerComponent;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared set-up of the GitHub route tests: the real {@code routes/tracker-github.camel.yaml} (and nothing else) in
 * Camel Main, over loopback HTTP against a {@link GitHubSimulator}. Each test works in its own repository so the
 * tests of a class do not see each other's issues.
 */
abstract class GitHubRoutesBaseTest extends CamelMainTestSupport {

    static final String TOKEN = "ghp-test-token-3d9a51";
    static final String BOT = "afk-bot";

    @TempDir
    static Path dir;

    static TrackerModel model;
    static GitHubSimulator github;
    static Path tokenFile;

    String repo;

    @BeforeAll
    static void startGitHub() throws IOException {
        tokenFile = dir.resolve("github-token");
        Files.writeString(tokenFile, TOKEN + "\n");
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
    protected Class<?> getMainClass() {
        return AfkApplication.class;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("camel.main.routesIncludePattern", "classpath:routes/tracker-github.camel.yaml");
        p.put("camel.management.enabled", "false");
        p.put("afk.poll-cron", "0 0 0 1 1 ? 2099");
        p.put("afk.watch-cron", "0 0 0 1 1 ? 2099");
        p.put("afk.tracker", "github");
        p.put("afk.tracker-url", github.baseUrl());
        p.put("afk.tracker-token-file", tokenFile.toString());
        p.put("afk.deploy-context", "deploy/production");
        p.put("afk.http-connect-timeout-ms", "1000");
        p.put("afk.http-response-timeout-ms", "400");
        p.put("afk.github.retries", "2");
        p.put("afk.github.retry-delay-ms", "5");
        p.put("afk.github.retry-max-delay-ms", "20");
        // ClusterConfiguration (not ours) injects these without a usable default; harmless with afk.cluster=none
        p.put("afk.leader-prefix", "");
        p.put("afk.cluster-file-root", "");
        return p;
    }

    <T> T call(String op, Object body, Class<T> type) {
        return template.requestBody("direct:github-" + op, body, type);
    }

    /** The typed failure an op left with. */
    AdapterFailure failure(String op, Object body) {
        try {
            template.requestBody("direct:github-" + op, body);
        } catch (CamelExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(AdapterFailure.class);
            return (AdapterFailure) e.getCause();
        }
        throw new AssertionError("direct:github-" + op + " did not fail");
    }

    MeterRegistry meters() {
        return context.getComponent("micrometer", MicrometerComponent.class).getMetricsRegistry();
    }

    /** The afk.adapter.failures counter of one kind (0 when it never counted). */
    double failuresCounted(AdapterFailure.Kind kind) {
        Counter c = meters().find("afk.adapter.failures").tags("system", "github", "kind", kind.name()).counter();
        return c == null ? 0 : c.count();
    }

    List<SimRequest> requests(String method, String pathPrefix) {
        return github.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
    }
}
