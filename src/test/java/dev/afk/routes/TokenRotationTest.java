package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.LabelChange;
import dev.afk.core.IssueKey;
import dev.afk.sim.ForgejoSimulator;
import dev.afk.sim.SimRequest;
import dev.afk.sim.T3Simulator;
import dev.afk.sim.TrackerModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens are read from their file on every request (docs/ARCHITECTURE.md §8): an operator who writes a new token into
 * AFK_T3_TOKEN_FILE or AFK_TRACKER_TOKEN_FILE is heard on the very next call, with no restart. Exercised through
 * the real T3 and Forgejo routes over HTTP: the servers already moved to the new token while AFK's files still hold
 * the old one, so the first call is refused and the call after the rewrite goes through.
 */
class TokenRotationTest extends RouteTestSupport {

    static final String OLD_T3 = "t3-old-6b1e0f3a";
    static final String NEW_T3 = "t3-new-92d7c4be";
    static final String OLD_FJ = "fj-old-0c55a1d9";
    static final String NEW_FJ = "fj-new-e4b7f260";
    static final String REPO = "acme/widgets";

    static T3Simulator t3;
    static Path t3TokenFile;
    static TrackerModel model;
    static ForgejoSimulator forgejo;
    static Path trackerTokenFile;

    @Override
    List<String> routeFiles() {
        return List.of("t3", "tracker-forgejo");
    }

    @BeforeAll
    static void startServers() {
        t3TokenFile = dir.resolve("t3-token");
        // The server already moved to the new token; AFK's file still holds the old one.
        t3 = new T3Simulator(0, Clock.systemUTC(), NEW_T3).start();
        trackerTokenFile = dir.resolve("tracker-token");
        model = new TrackerModel(Clock.systemUTC());
        model.createRepo(REPO, "ready-for-agent", "in-progress", "ready-for-human");
        model.createIssue(REPO, "Widget list ignores the page size", "", "alice", false, "ready-for-agent");
        forgejo = new ForgejoSimulator(0, Clock.systemUTC(), model, NEW_FJ, "afk-bot").start();
    }

    @AfterAll
    static void stopServers() {
        t3.close();
        forgejo.close();
    }

    @BeforeEach
    void staleTokens() {
        tokenFile("t3-token", OLD_T3);
        tokenFile("tracker-token", OLD_FJ);
        t3.clearRequests();
        forgejo.clearRequests();
    }

    @Override
    protected void configure(Properties p) {
        p.put("afk.t3-url", t3.baseUrl());
        p.put("afk.t3-token-file", t3TokenFile.toString());
        p.put("afk.http.retries", "0");
        p.put("afk.tracker", "forgejo");
        p.put("afk.tracker-url", forgejo.apiUrl());
        p.put("afk.tracker-token-file", trackerTokenFile.toString());
    }

    @Test
    void aRewrittenT3TokenFileIsUsedOnTheNextCallWithoutARestart() throws IOException {
        AdapterFailure refused = failureOf(() -> template.requestBody("direct:t3-fleet", null, Map.class));
        assertThat(refused.kind()).isEqualTo(AdapterFailure.Kind.AUTH);
        assertThat(refused.getMessage()).contains("AFK_T3_TOKEN_FILE").doesNotContain(OLD_T3);

        Files.writeString(t3TokenFile, NEW_T3 + "\n");
        Map<?, ?> fleet = template.requestBody("direct:t3-fleet", null, Map.class);

        assertThat(fleet).isEmpty();
        assertThat(authorizations(t3.requests())).containsExactly("Bearer " + OLD_T3, "Bearer " + NEW_T3);
    }

    @Test
    void aRewrittenTrackerTokenFileIsUsedOnTheNextCallWithoutARestart() throws IOException {
        LabelChange change = new LabelChange(IssueKey.of(REPO, 1), "in-progress");
        AdapterFailure refused = failureOf(() -> template.requestBody("direct:forgejo-add-label", change));
        assertThat(refused.kind()).isEqualTo(AdapterFailure.Kind.AUTH);
        assertThat(refused.getMessage()).contains("AFK_TRACKER_TOKEN_FILE").doesNotContain(OLD_FJ);
        assertThat(model.issue(REPO, 1).orElseThrow().labels()).doesNotContain("in-progress");

        Files.writeString(trackerTokenFile, NEW_FJ + "\n");
        Set<?> labels = template.requestBody("direct:forgejo-add-label", change, Set.class);

        assertThat(labels).asInstanceOf(InstanceOfAssertFactories.collection(String.class)).contains("in-progress");
        assertThat(model.issue(REPO, 1).orElseThrow().labels()).contains("in-progress");
        List<String> sent = authorizations(forgejo.requests());
        assertThat(sent).first().isEqualTo("token " + OLD_FJ);
        assertThat(sent).last().isEqualTo("token " + NEW_FJ);
        assertThat(sent).containsOnly("token " + OLD_FJ, "token " + NEW_FJ);
        assertThat(forgejo.violations()).isEmpty();
    }

    static List<String> authorizations(List<SimRequest> requests) {
        return requests.stream().map(r -> r.header("Authorization")).toList();
    }
}
