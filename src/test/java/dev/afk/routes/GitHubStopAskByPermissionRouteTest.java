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

/**
 * {@code direct:afk-stop-ask} over GitHub with AFK_TRUSTED_LABELERS empty: repository permission decides. Pages of
 * two comments, so the read follows Link headers.
 */
class GitHubStopAskByPermissionRouteTest extends StopAskByPermissionRouteTest {

    static TrackerModel model;
    static GitHubSimulator github;
    static Path tokenFile;

    @BeforeAll
    static void startGitHub() {
        tokenFile = tokenFile("github-token", TOKEN);
        model = new TrackerModel(Clock.systemUTC());
        github = new GitHubSimulator(0, Clock.systemUTC(), model, TOKEN, AFK).start();
        github.setMaxPageSize(2);
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
    void configureDialect(Properties p) {
        p.put("afk.tracker-url", github.baseUrl());
        p.put("afk.tracker-token-file", tokenFile.toString());
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
