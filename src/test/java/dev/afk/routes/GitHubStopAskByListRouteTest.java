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
 * {@code direct:afk-stop-ask} over GitHub with AFK_TRUSTED_LABELERS set: the list alone decides. Pages of
 * two comments, so the read follows Link headers.
 */
class GitHubStopAskByListRouteTest extends StopAskByListRouteTest {

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
}
