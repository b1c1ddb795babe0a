package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Config;
import dev.afk.core.StopAsk;
import dev.afk.sim.ForgejoSimulator;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code direct:afk-stop-ask} over Forgejo with AFK_TRUSTED_LABELERS empty: repository permission decides. */
class ForgejoStopAskByPermissionRouteTest extends StopAskByPermissionRouteTest {

    static TrackerModel model;
    static ForgejoSimulator forgejo;
    static Path tokenFile;

    @BeforeAll
    static void startForgejo() {
        tokenFile = tokenFile("forgejo-token", TOKEN);
        model = new TrackerModel(Clock.systemUTC());
        forgejo = new ForgejoSimulator(0, Clock.systemUTC(), model, TOKEN, AFK).start();
    }

    @AfterAll
    static void stopForgejo() {
        forgejo.close();
    }

    @Override
    Config.Tracker dialect() {
        return Config.Tracker.FORGEJO;
    }

    @Override
    TrackerModel model() {
        return model;
    }

    @Override
    SimServer simulator() {
        return forgejo;
    }

    @Override
    void configureDialect(Properties p) {
        p.put("afk.tracker-url", forgejo.apiUrl());
        p.put("afk.tracker-token-file", tokenFile.toString());
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
