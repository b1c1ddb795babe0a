package dev.afk.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afk.core.CheckEvidence;
import dev.afk.core.CiVerdict;
import dev.afk.core.DeployVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GitHub CI and deploy verdicts (docs/reference/trackers.md §8, §9): check runs (what GitHub Actions writes) plus the combined
 * commit status (what external CI writes), both without the deploy context, which means "deployed", not "built".
 */
public final class GitHubVerdicts {

    private static final Set<String> GREEN_CONCLUSIONS = Set.of("success", "skipped", "neutral");
    /** Conclusions that say the CI system, not the code, failed (issue 12, item 4): no fix-forward turn. */
    private static final Set<String> INFRA_CONCLUSIONS = Set.of("cancelled", "timed_out", "action_required");

    private GitHubVerdicts() {}

    /**
     * SUCCESS: every check run completed green and the statuses (if any) all success. FAILURE: a run completed
     * otherwise (failure, stale, …), or a status is failure. INFRA (none failed): a run completed
     * {@code cancelled}, {@code timed_out} or {@code action_required}, or a status is {@code error} (the CI system
     * itself failed). NONE: neither runs nor statuses. Else PENDING. An Actions-only repo has no statuses (its
     * combined state is "pending" with total_count 0 for ever), so only real statuses count.
     */
    public static CiVerdict ci(List<JsonNode> checkRuns, JsonNode combinedStatus, String deployContext) {
        List<CheckEvidence> notGreen = new ArrayList<>();
        boolean failed = false;
        boolean infra = false;
        boolean pending = false;
        int counted = 0;
        for (JsonNode run : checkRuns) {
            String name = run.path("name").asText("");
            if (name.equals(deployContext)) {
                continue;
            }
            counted++;
            String status = run.path("status").asText("");
            String conclusion = run.path("conclusion").asText("");
            if (status.equals("completed") && GREEN_CONCLUSIONS.contains(conclusion)) {
                continue;
            }
            if (status.equals("completed") && INFRA_CONCLUSIONS.contains(conclusion)) {
                infra = true;
            } else if (status.equals("completed")) {
                failed = true;
            } else {
                pending = true;
            }
            notGreen.add(new CheckEvidence(name, status.equals("completed") ? conclusion : status,
                    run.path("output").path("title").asText(""), firstNonEmpty(run, "html_url", "details_url")));
        }
        for (JsonNode s : statuses(combinedStatus)) {
            String context = s.path("context").asText("");
            if (context.equals(deployContext)) {
                continue;
            }
            counted++;
            String state = s.path("state").asText("");
            if (state.equals("success")) {
                continue;
            }
            if (state.equals("failure")) {
                failed = true;
            } else if (state.equals("error")) {
                infra = true;
            } else {
                pending = true;
            }
            notGreen.add(new CheckEvidence(context, state, s.path("description").asText(""),
                    s.path("target_url").asText("")));
        }
        if (counted == 0) {
            return CiVerdict.NONE;
        }
        CiVerdict.State state = failed ? CiVerdict.State.FAILURE : infra ? CiVerdict.State.INFRA
                : pending ? CiVerdict.State.PENDING : CiVerdict.State.SUCCESS;
        return new CiVerdict(state, notGreen);
    }

    /** The deploy context's commit status (from the combined status), or NONE when it was never posted. */
    public static DeployVerdict fromStatus(JsonNode combinedStatus, String deployContext) {
        for (JsonNode s : statuses(combinedStatus)) {
            if (s.path("context").asText("").equals(deployContext)) {
                String state = s.path("state").asText("");
                return new DeployVerdict(deployState(state), new CheckEvidence(deployContext, state,
                        s.path("description").asText(""), s.path("target_url").asText("")));
            }
        }
        return DeployVerdict.NONE;
    }

    /**
     * The newest status of the newest deployment of the commit. A deployment without a status yet is PENDING;
     * {@code inactive} means a later deployment superseded this one after it was live, so it counts as deployed.
     */
    public static DeployVerdict fromDeployment(JsonNode deployments, JsonNode statuses) {
        JsonNode deployment = newest(deployments);
        if (deployment == null) {
            return DeployVerdict.NONE;
        }
        String context = "deployment/" + deployment.path("environment").asText("");
        JsonNode status = newest(statuses);
        if (status == null) {
            return new DeployVerdict(DeployVerdict.State.PENDING, new CheckEvidence(context, "pending",
                    "deployment created, no status yet", ""));
        }
        String state = status.path("state").asText("");
        return new DeployVerdict(deployState(state), new CheckEvidence(context, state,
                status.path("description").asText(""), firstNonEmpty(status, "log_url", "environment_url", "target_url")));
    }

    /** A deployed status wins; then a failure; then anything still in flight; else nothing yet. */
    public static DeployVerdict combine(DeployVerdict byStatus, DeployVerdict byDeployment) {
        for (DeployVerdict.State wanted : List.of(DeployVerdict.State.SUCCESS, DeployVerdict.State.FAILURE,
                DeployVerdict.State.PENDING)) {
            if (byStatus.state() == wanted) {
                return byStatus;
            }
            if (byDeployment.state() == wanted) {
                return byDeployment;
            }
        }
        return DeployVerdict.NONE;
    }

    /** The element with the highest {@code id} of a JSON array (order-independent "latest"), or null. */
    static JsonNode newest(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        JsonNode best = null;
        for (JsonNode n : array) {
            if (best == null || n.path("id").asLong() > best.path("id").asLong()) {
                best = n;
            }
        }
        return best;
    }

    private static DeployVerdict.State deployState(String state) {
        return switch (state) {
            case "success", "inactive" -> DeployVerdict.State.SUCCESS;
            case "failure", "error" -> DeployVerdict.State.FAILURE;
            default -> DeployVerdict.State.PENDING;
        };
    }

    private static Iterable<JsonNode> statuses(JsonNode combined) {
        if (combined == null || combined.path("total_count").asInt(0) <= 0 || !combined.path("statuses").isArray()) {
            return List.of();
        }
        return combined.path("statuses");
    }

    private static String firstNonEmpty(JsonNode n, String... fields) {
        for (String f : fields) {
            String v = n.path(f).asText("");
            if (!v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
