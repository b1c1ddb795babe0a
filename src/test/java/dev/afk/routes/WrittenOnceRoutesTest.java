package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sequences both ticks need are written once, in a route of their own, and both ticks call that route: the hand-off
 * to a person ({@code direct:afk-hand-back}) and the per-repo listing split ({@code direct:afk-list-repos}). A second
 * copy (a tick ringing the doorbell or listing a repo itself) fails here.
 */
class WrittenOnceRoutesTest {

    /** One {@code to}/{@code toD} step: the route it is in and the endpoint it calls. */
    record Call(String file, String route, String uri) {}

    @Test
    void bothTicksHandBackThroughTheOneHandBackRoute() {
        List<Call> calls = calls();
        assertThat(routesCalling(calls, "direct:afk-hand-back"))
                .as("the refused dispatch and the watch escalation")
                .containsExactlyInAnyOrder("poll.camel.yaml afk-dispatch", "watch.camel.yaml afk-watch-run");
        assertThat(routesCalling(calls, "direct:doorbell")).as("only the hand-back rings, and a trip's hold (issue 12)")
                .containsExactlyInAnyOrder("hand-back.camel.yaml afk-hand-back", "poll.camel.yaml afk-poll-tick");
    }

    @Test
    void bothTicksListReposThroughTheOneListingRoute() {
        List<Call> calls = calls();
        assertThat(routesCalling(calls, "direct:afk-list-repos"))
                .as("both ticks, and the dashboard's one read of the ended runs after a start")
                .containsExactlyInAnyOrder("poll.camel.yaml afk-poll-tick", "watch.camel.yaml afk-watch-tick",
                        "status-history.camel.yaml afk-status-history");
        assertThat(routesCalling(calls, "direct:{{afk.tracker}}-list-issues")).as("only the listing split lists")
                .containsExactly("list-repos.camel.yaml afk-list-repos");
    }

    private static List<String> routesCalling(List<Call> calls, String uri) {
        return calls.stream().filter(c -> c.uri().equals(uri) || c.uri().startsWith(uri + "?"))
                .map(c -> c.file() + " " + c.route()).toList();
    }

    private static List<Call> calls() {
        List<Call> out = new ArrayList<>();
        for (Path file : RouteFiles.all()) {
            for (JsonNode entry : RouteFiles.read(file)) {
                JsonNode route = entry.path("route");
                if (route.isObject()) {
                    walk(RouteFiles.name(file), route.path("id").asText(), route.path("from"), out);
                }
            }
        }
        assertThat(out).as("calls found in the route files").hasSizeGreaterThan(50);
        return out;
    }

    private static void walk(String file, String route, JsonNode node, List<Call> out) {
        if (node.isArray()) {
            node.forEach(n -> walk(file, route, n, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("to") || f.getKey().equals("toD")) {
                JsonNode to = f.getValue();
                out.add(new Call(file, route, to.isTextual() ? to.asText() : to.path("uri").asText()));
            }
            walk(file, route, f.getValue(), out);
        }
    }
}
