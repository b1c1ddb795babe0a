package dev.afk.routes;

import dev.afk.core.Config;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@code direct:afk-stop-ask} over GitHub with AFK_TRUSTED_LABELERS empty: repository permission decides. Pages of
 * two comments, so the read follows Link headers.
 */
class GitHubStopAskByPermissionRouteTest extends StopAskByPermissionRouteTest {

    static DialectSim sim;
    static TrackerModel model;

    @BeforeAll
    static void startGitHub() {
        sim = DialectSim.github(TOKEN, AFK);
        model = sim.model;
        sim.github().setMaxPageSize(2);
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
    void configureDialect(Properties p) {
        sim.configure(p);
    }

    @org.junit.jupiter.api.Test
    void anAskOnTheLastPageIsFound() {
        for (int i = 0; i < 4; i++) {
            comment("rita", "chatter " + i);
        }
        long id = comment("wes", "/afk stop");
        org.assertj.core.api.Assertions.assertThat(ask()).isEqualTo(dev.afk.core.StopAsk.stop("wes", id));
        org.assertj.core.api.Assertions.assertThat(commentReads()).as("pages of two, followed by Link").hasSize(3);
    }
}
