package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afk.sim.Behaviour;
import dev.afk.sim.SimRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runs AFK closed come back on the dashboard after a restart: an issue AFK closed keeps no AFK label, so the
 * rebuild lists each allowlisted repo's recently closed issues (list-closed) besides the ready-for-human ones, and
 * counts a closed issue only when its AFK record says the attempt ended {@code closed}.
 */
class DashboardClosedRunsE2ETest extends E2eSupport {

    private int port;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status() throws Exception {
        return new ObjectMapper().readTree(get("/afk/status").body());
    }

    private void start(String allowlist) {
        port = Plane.freePort();
        startPlane(allowlist, Map.of("camel.management.enabled", "true",
                "camel.management.port", Integer.toString(port), "camel.server.port", Integer.toString(port)));
    }

    private List<SimRequest> issueListings(String state) {
        return sandbox.trackerSim().requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().matches(".*/repos/[^/]+/[^/]+/issues")
                        && r.query() != null && r.query().contains("state=" + state))
                .toList();
    }

    private List<SimRequest> commentReads() {
        return sandbox.trackerSim().requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().matches(".*/repos/[^/]+/[^/]+/issues/\\d+/comments"))
                .toList();
    }

    private static JsonNode endedOf(JsonNode status, String issue) {
        for (JsonNode e : status.path("ended")) {
            if (e.path("issue").asText().equals(issue)) {
                return e;
            }
        }
        return null;
    }

    private static List<String> endedIssues(JsonNode status) {
        List<String> out = new ArrayList<>();
        status.path("ended").forEach(e -> out.add(e.path("issue").asText()));
        return out;
    }

    @Test
    void afterARestartTheDashboardListsTheRunsAfkClosedWithTheirReason() throws Exception {
        String all = "acme/widgets,acme/gadgets,acme/tools";
        sandbox.repo("acme/widgets");
        sandbox.repo("acme/gadgets");
        sandbox.repo("acme/tools");
        sandbox.readyIssue("acme/widgets", "Add a /healthz endpoint", "", Behaviour.SUCCEEDS);
        sandbox.readyIssue("acme/gadgets", "Refactor the gadget cache", "", Behaviour.ERRORS);
        sandbox.readyIssue("acme/tools", "Sharpen the tools", "", Behaviour.STALLS);
        // closed by a person, never AFK's: no AFK comment, so nothing to show
        sandbox.model().createIssue("acme/tools", "Old chore", "", "alice", false);
        sandbox.model().setOpen("acme/tools", 2, false, null);
        start(all);
        plane.poll();
        // a person closes the run in acme/tools while the agent works: AFK releases it (ended "released")
        sandbox.model().setOpen("acme/tools", 1, false, null);
        roundsUntil(() -> !issue("acme/widgets", 1).open()
                && record("acme/widgets", 1).map(r -> r.ended()).orElse(false)
                && labels("acme/gadgets", 1).contains(HUMAN) && !labels("acme/gadgets", 1).contains(IN_PROGRESS)
                && record("acme/tools", 1).map(r -> r.ended()).orElse(false), 40);
        JsonNode before = status();
        assertThat(endedOf(before, "acme/widgets#1")).as("seen by the watch").isNotNull();
        assertThat(endedOf(before, "acme/tools#1").path("reason").asText()).isEqualTo("released");

        plane.close();
        plane = null;
        sandbox.trackerSim().clearRequests();
        start(all);
        assertThat(issueListings("closed")).as("nothing is read at start").isEmpty();

        JsonNode s = status();

        JsonNode closed = endedOf(s, "acme/widgets#1");
        assertThat(closed).as("the run AFK closed, read back from its AFK comment: %s", s.path("ended")).isNotNull();
        assertThat(closed.path("kind").asText()).isEqualTo("closed");
        assertThat(closed.path("reason").asText()).isEqualTo("closed");
        assertThat(closed.path("title").asText()).isEqualTo("Add a /healthz endpoint");
        assertThat(closed.path("url").asText()).endsWith("/acme/widgets/issues/1");
        assertThat(closed.path("attempt").asInt()).isEqualTo(1);
        assertThat(endedOf(s, "acme/gadgets#1").path("reason").asText()).as("the hand-off, as before")
                .isEqualTo("AGENT_FAILED");
        assertThat(endedIssues(s)).as("a closed issue counts only when its record ended closed")
                .doesNotContain("acme/tools#1", "acme/tools#2");
        assertThat(s.path("history").asText()).isEqualTo("rebuilt");
        assertThat(get("/").body()).contains("acme/widgets#1", "Add a /healthz endpoint");

        List<SimRequest> closedListings = issueListings("closed");
        assertThat(closedListings).as("one closed listing per allowlisted repo, one page each").hasSize(3)
                .allSatisfy(r -> assertThat(r.query()).contains("since="));
        int humanListings = issueListings("all").size();
        int comments = commentReads().size();
        assertThat(humanListings).as("one ready-for-human listing per allowlisted repo").isEqualTo(3);
        // candidates: gadgets#1 (ready-for-human), then the closed ones: widgets#1, tools#1, tools#2
        assertThat(comments).as("one AFK comment read per candidate").isEqualTo(4);
        assertThat(sandbox.trackerSim().requests()).as("the whole rebuild")
                .hasSize(humanListings + closedListings.size() + comments);

        plane.poll();
        plane.watch();
        status();
        assertThat(issueListings("closed")).as("read once, and never by a tick").hasSize(3);
        assertNoContractViolations();
    }
}
