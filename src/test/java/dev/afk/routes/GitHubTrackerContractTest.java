package dev.afk.routes;

import dev.afk.core.Config;
import dev.afk.sim.GitHubSimulator;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tracker contract against {@code routes/tracker-github.camel.yaml} and the {@link GitHubSimulator}. */
class GitHubTrackerContractTest extends TrackerContractTest {

    /** Small pages, so a handful of items spans several: the route asks per_page=100, the simulator caps it. */
    static final int PAGE = 5;

    static TrackerModel model;
    static GitHubSimulator github;
    static Path tokenFile;

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

    @Override
    Config.Tracker dialect() {
        return Config.Tracker.GITHUB;
    }

    @Override
    TrackerModel model() {
        return model;
    }

    @Override
    SimServer simulator() {
        return github;
    }

    @Override
    int pageSize() {
        return PAGE;
    }

    @Override
    void resetSimulator() {
        github.setMaxPageSize(PAGE);
        github.setRateLimit(5000);
    }

    @Override
    void configureDialect(Properties p) {
        p.put("afk.tracker-url", github.baseUrl());
        p.put("afk.tracker-token-file", tokenFile.toString());
        p.put("afk.http.retries", "2");
        p.put("afk.http.retry-delay-ms", "5");
        p.put("afk.http.retry-max-delay-ms", "20");
        p.put("afk.github.max-pages", "50");
    }

    // ---- GitHub's own: roles beyond the base ones ----

    @org.junit.jupiter.api.Test
    void maintainReadsAsWriteAndTriageAsReadWhateverTheRoleName() {
        model.setRole(repo, "mia", "maintain");
        model.setRole(repo, "tom", "triage");
        org.assertj.core.api.Assertions.assertThat((String) call(dev.afk.adapter.TrackerOp.PERMISSION,
                new dev.afk.adapter.PermissionQuery(repoRef(), "mia"))).isEqualTo("write");
        org.assertj.core.api.Assertions.assertThat((String) call(dev.afk.adapter.TrackerOp.PERMISSION,
                new dev.afk.adapter.PermissionQuery(repoRef(), "tom"))).isEqualTo("read");
        org.assertj.core.api.Assertions.assertThat(github.requests()).filteredOn(r -> r.path().endsWith("/permission"))
                .extracting(r -> r.path()).containsExactly("/repos/" + repo + "/collaborators/mia/permission",
                        "/repos/" + repo + "/collaborators/tom/permission");
    }
}
