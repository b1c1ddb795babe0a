package dev.afk.routes;

import dev.afk.core.Config;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@code direct:afk-stop-ask} over Forgejo with AFK_TRUSTED_LABELERS set: the list alone decides. */
class ForgejoStopAskByListRouteTest extends StopAskByListRouteTest {

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
}
