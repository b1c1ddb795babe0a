package dev.afk.routes;

import dev.afk.core.Config;
import dev.afk.sim.ForgejoSimulator;
import dev.afk.sim.GitHubSimulator;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;

/**
 * One tracker simulator for a dialect's route tests: its model, its server, and the properties that point AFK's
 * tracker routes at it. Written once for every per-dialect subclass (contract, stop-ask), which only add their quirks.
 */
final class DialectSim implements AutoCloseable {

    final Config.Tracker dialect;
    final TrackerModel model;
    final SimServer server;
    private final String url;
    private final Path tokenFile;

    private DialectSim(Config.Tracker dialect, TrackerModel model, SimServer server, String url, Path tokenFile) {
        this.dialect = dialect;
        this.model = model;
        this.server = server;
        this.url = url;
        this.tokenFile = tokenFile;
    }

    static DialectSim forgejo(String token, String afkLogin) {
        TrackerModel model = new TrackerModel(Clock.systemUTC());
        ForgejoSimulator sim = new ForgejoSimulator(0, Clock.systemUTC(), model, token, afkLogin).start();
        return new DialectSim(Config.Tracker.FORGEJO, model, sim, sim.apiUrl(),
                RouteTestSupport.tokenFile("forgejo-token", token));
    }

    static DialectSim github(String token, String afkLogin) {
        TrackerModel model = new TrackerModel(Clock.systemUTC());
        GitHubSimulator sim = new GitHubSimulator(0, Clock.systemUTC(), model, token, afkLogin).start();
        return new DialectSim(Config.Tracker.GITHUB, model, sim, sim.baseUrl(),
                RouteTestSupport.tokenFile("github-token", token));
    }

    /** The GitHub simulator's own knobs (page size, rate limit); only for a {@link #github} fixture. */
    GitHubSimulator github() {
        return (GitHubSimulator) server;
    }

    /** The tracker URL and token file of this simulator. */
    void configure(Properties p) {
        p.put("afk.tracker-url", url);
        p.put("afk.tracker-token-file", tokenFile.toString());
    }

    @Override
    public void close() {
        server.close();
    }
}
