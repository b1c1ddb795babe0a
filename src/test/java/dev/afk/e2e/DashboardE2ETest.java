package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afk.sim.Behaviour;
import dev.afk.sim.SimFault;
import dev.afk.sim.SimRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The status view and the dashboard hold no state that matters: runs in flight and the queue are what the ticks
 * list, and the ended runs come back from the tracker after a restart (read once, at the first look, never on a
 * tick; nothing at all while disarmed).
 */
class DashboardE2ETest extends E2eSupport {

    private int port;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status() throws Exception {
        return new ObjectMapper().readTree(get("/afk/status").body());
    }

    private void start(String allowlist, Map<String, String> extra) {
        port = Plane.freePort();
        Map<String, String> p = new java.util.LinkedHashMap<>(Map.of("camel.management.enabled", "true",
                "camel.management.port", Integer.toString(port), "camel.server.port", Integer.toString(port)));
        p.putAll(extra);
        startPlane(allowlist, p);
    }

    private List<SimRequest> humanListings() {
        return sandbox.trackerSim().requests().stream()
                .filter(r -> r.path().matches("/api/v1/repos/[^/]+/[^/]+/issues") && r.query() != null
                        && r.query().contains("labels=ready-for-human"))
                .toList();
    }

    private void aRunAQueueAndAHandOff() {
        sandbox.repo("acme/widgets");
        sandbox.repo("acme/gadgets");
        sandbox.readyIssue("acme/widgets", "First widget", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/widgets", "Second widget", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/gadgets", "Refactor the gadget cache", "", Behaviour.ERRORS);
        start("acme/widgets,acme/gadgets", Map.of());
        plane.poll();
        roundsUntil(() -> labels("acme/gadgets", 1).contains(HUMAN)
                && !labels("acme/gadgets", 1).contains(IN_PROGRESS), 20);
    }

    @Test
    void theJsonViewCarriesCountsTheQueueAndEndedRunsAndNoLongerListsARunAsSkipped() throws Exception {
        aRunAQueueAndAHandOff();

        JsonNode s = status();

        assertThat(s.path("counts").path("inFlight").asInt()).isEqualTo(1);
        assertThat(s.path("counts").path("queued").asInt()).isEqualTo(1);
        assertThat(s.path("counts").path("ended").asInt()).isEqualTo(1);
        JsonNode run = s.path("runs").path("acme/widgets#1");
        assertThat(run.path("title").asText()).isEqualTo("First widget");
        assertThat(run.path("url").asText()).endsWith("/acme/widgets/issues/1");
        assertThat(run.path("phase").asText()).isEqualTo("dispatched");
        assertThat(s.path("lastPoll").path("skipped").has("acme/widgets#1")).as("a run in flight is not skipped")
                .isFalse();
        assertThat(s.path("lastPoll").path("skipped").path("acme/widgets#2").asText()).startsWith("REPO_LOCKED");
        JsonNode queued = s.path("queue").path("acme/widgets").get(0);
        assertThat(queued.path("issue").asText()).isEqualTo("acme/widgets#2");
        assertThat(queued.path("title").asText()).isEqualTo("Second widget");
        assertThat(queued.path("reason").asText()).contains("REPO_LOCKED");
        JsonNode ended = s.path("ended").get(0);
        assertThat(ended.path("issue").asText()).isEqualTo("acme/gadgets#1");
        assertThat(ended.path("kind").asText()).isEqualTo("handed back");
        assertThat(ended.path("reason").asText()).isEqualTo("AGENT_FAILED");
        assertThat(ended.path("evidence").asText()).contains("out of memory");
        assertThat(ended.path("url").asText()).endsWith("/acme/gadgets/issues/1");
        assertThat(s.path("history").asText()).isEqualTo("rebuilt");
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("acme/gadgets#1", "out of memory", "Second widget")
                .doesNotContain(sandbox.afkProperties("acme/widgets").getOrDefault("afk.slack-webhook-url", "\u0000"));
    }

    @Test
    void afterARestartTheEndedRunsAreReadBackFromTheTrackerOnceAtTheFirstLook() throws Exception {
        aRunAQueueAndAHandOff();
        plane.close();
        plane = null;
        sandbox.trackerSim().clearRequests();
        start("acme/widgets,acme/gadgets", Map.of());
        assertThat(humanListings()).as("nothing is read at start").isEmpty();

        JsonNode s = status();
        JsonNode ended = s.path("ended").get(0);
        assertThat(ended.path("issue").asText()).isEqualTo("acme/gadgets#1");
        assertThat(ended.path("title").asText()).isEqualTo("Refactor the gadget cache");
        assertThat(ended.path("reason").asText()).isEqualTo("AGENT_FAILED");
        assertThat(ended.path("evidence").asText()).contains("out of memory");
        assertThat(s.path("history").asText()).isEqualTo("rebuilt");
        int listings = humanListings().size();
        assertThat(listings).as("one ready-for-human listing per allowlisted repo").isEqualTo(2);
        assertThat(humanListings()).allMatch(r -> r.query().contains("state=all"));

        assertThat(get("/").body()).contains("acme/gadgets#1", "out of memory");
        plane.poll();
        plane.watch();
        status();
        assertThat(humanListings()).as("read once, and never by a tick").hasSize(listings);
    }

    @Test
    void aFailedListingShowsTheHistoryAsUnavailableAndIsNotRetriedOnEveryLook() throws Exception {
        aRunAQueueAndAHandOff();
        plane.close();
        plane = null;
        sandbox.trackerSim().inject(SimFault.reply("GET", "/api/v1/repos/acme/gadgets/issues", 500,
                "{\"message\":\"injected failure\"}", -1));
        start("acme/widgets,acme/gadgets", Map.of());

        JsonNode s = status();
        assertThat(s.path("history").asText()).startsWith("history unavailable in part: acme/gadgets");
        assertThat(s.path("ended").size()).isZero();
        assertThat(get("/").body()).contains("<p class=\"history\">history unavailable in part: acme/gadgets");
        int listings = humanListings().size();
        status();
        assertThat(humanListings()).hasSize(listings);
    }

    @Test
    void aDisarmedPlaneReadsNothingForTheDashboard() throws Exception {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "First widget", "", Behaviour.STALLS);
        start("acme/widgets", Map.of("afk.kill-switch", "true"));

        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<span class=\"state disarmed\">disarmed</span>",
                "history unavailable: not read from the tracker while disarmed");
        assertThat(status().path("armed").asBoolean()).isFalse();
        assertThat(sandbox.trackerSim().requests()).as("zero I/O while disarmed").isEmpty();
        assertThat(sandbox.t3().requests()).isEmpty();
    }
}
