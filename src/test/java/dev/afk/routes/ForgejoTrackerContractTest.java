package dev.afk.routes;

import dev.afk.core.Config;
import dev.afk.sim.ForgejoSimulator;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tracker contract against {@code routes/tracker-forgejo.camel.yaml} and the {@link ForgejoSimulator}. */
class ForgejoTrackerContractTest extends TrackerContractTest {

    static DialectSim sim;
    static TrackerModel model;

    @BeforeAll
    static void startForgejo() {
        sim = DialectSim.forgejo(TOKEN, BOT);
        model = sim.model;
    }

    @AfterAll
    static void stopForgejo() {
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

    /** The route asks for Forgejo's maximum page (limit=50); the page size is not a tunable, only max-pages. */
    @Override
    int pageSize() {
        return 50;
    }

    @Override
    void configureDialect(Properties p) {
        sim.configure(p);
        p.put("afk.http.retries", "2");
        p.put("afk.http.retry-delay-ms", "5");
        p.put("afk.http.retry-max-delay-ms", "20");
        p.put("afk.forgejo.max-pages", "100");
    }

    // ---- Forgejo's own: who may read a permission ----

    @org.junit.jupiter.api.Test
    void onlyARepositoryAdminMayReadAnotherUsersPermissionAndTheFailureSaysWhatToDo() {
        model.setRole(repo, "wes", "write");
        dev.afk.adapter.AdapterFailure f = failure(dev.afk.adapter.TrackerOp.PERMISSION,
                new dev.afk.adapter.PermissionQuery(repoRef(), "wes"));
        org.assertj.core.api.Assertions.assertThat(f.kind()).isEqualTo(dev.afk.adapter.AdapterFailure.Kind.AUTH);
        org.assertj.core.api.Assertions.assertThat(f.operation()).isEqualTo("permission");
        org.assertj.core.api.Assertions.assertThat(f.getMessage()).contains(repo, "admin", "AFK_TRUSTED_LABELERS");
        org.assertj.core.api.Assertions.assertThat(counted("afk.adapter.failures", "system", "forgejo", "kind", "AUTH"))
                .isEqualTo(1.0);
        org.assertj.core.api.Assertions.assertThat((String) call(dev.afk.adapter.TrackerOp.PERMISSION,
                new dev.afk.adapter.PermissionQuery(repoRef(), BOT))).as("its own, without being an admin")
                .isEqualTo("read");
        model.setRole(repo, BOT, "owner");
        org.assertj.core.api.Assertions.assertThat((String) call(dev.afk.adapter.TrackerOp.PERMISSION,
                new dev.afk.adapter.PermissionQuery(repoRef(), "wes"))).isEqualTo("write");
    }
}
