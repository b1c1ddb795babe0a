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

/** The tracker contract against {@code routes/tracker-forgejo.camel.yaml} and the {@link ForgejoSimulator}. */
class ForgejoTrackerContractTest extends TrackerContractTest {

    static TrackerModel model;
    static ForgejoSimulator forgejo;
    static Path tokenFile;

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

    /** The route asks for Forgejo's maximum page (limit=50); the page size is not a tunable, only max-pages. */
    @Override
    int pageSize() {
        return 50;
    }

    @Override
    void configureDialect(Properties p) {
        p.put("afk.tracker-url", forgejo.apiUrl());
        p.put("afk.tracker-token-file", tokenFile.toString());
        p.put("afk.http.retries", "2");
        p.put("afk.http.retry-delay-ms", "5");
        p.put("afk.http.retry-max-delay-ms", "20");
        p.put("afk.forgejo.max-pages", "100");
    }
}
