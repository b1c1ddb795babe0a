package dev.afk.routes;

import dev.afk.core.Config;
import dev.afk.sim.GitHubSimulator;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tracker contract against {@code routes/tracker-github.camel.yaml} and the {@link GitHubSimulator}. */
class GitHubTrackerContractTest extends TrackerContractTest {

    /** Small pages, so a handful of items spans several: the route asks per_page=100, the simulator caps it. */
    static final int PAGE = 5;

    static DialectSim sim;
    static TrackerModel model;

    @BeforeAll
    static void startGitHub() {
        sim = DialectSim.github(TOKEN, BOT);
        model = sim.model;
    }

    @AfterAll
    static void stopGitHub() {
        sim.close();
    }

    @Override
    Config.Tracker dialect() {
        return sim.dialect;
    }

    @Override
    TrackerModel model() {
        return model;
    }

    @Override
    SimServer simulator() {
        return sim.server;
    }

    @Override
    int pageSize() {
        return PAGE;
    }

    @Override
    void resetSimulator() {
        sim.github().setMaxPageSize(PAGE);
        sim.github().setRateLimit(5000);
    }

    @Override
    void configureDialect(Properties p) {
        sim.configure(p);
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
        org.assertj.core.api.Assertions.assertThat(sim.server.requests()).filteredOn(r -> r.path().endsWith("/permission"))
                .extracting(r -> r.path()).containsExactly("/repos/" + repo + "/collaborators/mia/permission",
                        "/repos/" + repo + "/collaborators/tom/permission");
    }
}
