package dev.afk.routes;

import dev.afk.core.Config;
import dev.afk.sim.ForgejoSimulator;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@code direct:afk-stop-ask} over Forgejo with AFK_TRUSTED_LABELERS set: the list alone decides. */
class ForgejoStopAskByListRouteTest extends StopAskByListRouteTest {

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
}
