package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Config;
import dev.afk.core.StopAsk;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.util.Properties;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code direct:afk-stop-ask} over Forgejo with AFK_TRUSTED_LABELERS empty: repository permission decides. */
class ForgejoStopAskByPermissionRouteTest extends StopAskByPermissionRouteTest {

    static DialectSim sim;
    static TrackerModel model;

    @BeforeAll
    static void startForgejo() {
        sim = DialectSim.forgejo(TOKEN, AFK);
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

    @Override
    void configureDialect(Properties p) {
        sim.configure(p);
    }

    @Test
    void whenAfkIsNoRepositoryAdminTheAskIsNotJudgedAndTheWarningSaysWhatToDo() {
        model.setRole(repo, AFK, "write");
        comment("wes", "/afk stop");
        try (CapturedLogs logs = CapturedLogs.attach()) {
            assertThat(ask()).isEqualTo(StopAsk.NONE);
            assertThat(logs.at(Level.WARN)).as(logs.all()).singleElement().satisfies(l ->
                    assertThat(l.text()).contains("permission", "admin of " + repo, "AFK_TRUSTED_LABELERS"));
        }
        assertThat(counted("afk.adapter.failures", "system", "forgejo", "kind", "AUTH")).isEqualTo(1.0);
    }
}
