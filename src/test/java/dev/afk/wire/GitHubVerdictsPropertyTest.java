package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afk.core.CiVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The CI rule of docs/reference/trackers.md §8 holds for any mix of check runs and statuses. */
class GitHubVerdictsPropertyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> GREEN = Set.of("success", "skipped", "neutral");
    static final Set<String> INFRA = Set.of("cancelled", "timed_out", "action_required");

    record Run(String status, String conclusion) {}

    @Provide
    Arbitrary<List<Run>> runs() {
        Arbitrary<Run> completed = Arbitraries.of("success", "failure", "neutral", "cancelled", "skipped", "timed_out",
                "action_required", "stale").map(c -> new Run("completed", c));
        Arbitrary<Run> open = Arbitraries.of("queued", "in_progress", "waiting", "requested", "pending")
                .map(s -> new Run(s, null));
        return Arbitraries.oneOf(completed, open).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<String>> statuses() {
        return Arbitraries.of("success", "pending", "failure", "error").list().ofMaxSize(4);
    }

    @Property(tries = 1000)
    void noneOnlyWhenNothingReportedFailureOnAnyRedSuccessOnlyWhenAllGreen(@ForAll("runs") List<Run> runs,
            @ForAll("statuses") List<String> statuses) {
        List<JsonNode> runNodes = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ObjectNode n = JSON.createObjectNode().put("name", "run" + i).put("status", runs.get(i).status());
            n.put("conclusion", runs.get(i).conclusion());
            runNodes.add(n);
        }
        ObjectNode combined = JSON.createObjectNode().put("state", "pending").put("total_count", statuses.size());
        ArrayNode array = combined.putArray("statuses");
        for (int i = 0; i < statuses.size(); i++) {
            array.addObject().put("context", "ctx" + i).put("state", statuses.get(i));
        }

        CiVerdict v = GitHubVerdicts.ci(runNodes, combined, "deploy");

        boolean anyRed = runs.stream().anyMatch(r -> r.status().equals("completed") && !GREEN.contains(r.conclusion())
                        && !INFRA.contains(r.conclusion()))
                || statuses.stream().anyMatch(s -> s.equals("failure"));
        boolean anyInfra = runs.stream().anyMatch(r -> r.status().equals("completed") && INFRA.contains(r.conclusion()))
                || statuses.stream().anyMatch(s -> s.equals("error"));
        boolean allGreen = runs.stream().allMatch(r -> r.status().equals("completed") && GREEN.contains(r.conclusion()))
                && statuses.stream().allMatch(s -> s.equals("success"));
        CiVerdict.State expected = runs.isEmpty() && statuses.isEmpty() ? CiVerdict.State.NONE
                : anyRed ? CiVerdict.State.FAILURE : anyInfra ? CiVerdict.State.INFRA
                : allGreen ? CiVerdict.State.SUCCESS : CiVerdict.State.PENDING;
        assertThat(v.state()).isEqualTo(expected);
        long notGreen = runs.stream().filter(r -> !(r.status().equals("completed") && GREEN.contains(r.conclusion())))
                .count() + statuses.stream().filter(s -> !s.equals("success")).count();
        assertThat(v.evidence()).hasSize((int) notGreen);
    }
}
