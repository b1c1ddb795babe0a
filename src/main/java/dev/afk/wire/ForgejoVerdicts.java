package dev.afk.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afk.core.CheckEvidence;
import dev.afk.core.CiVerdict;
import dev.afk.core.DeployVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CI and deploy verdicts from Forgejo's combined commit status ({@code GET …/commits/{sha}/status}, docs/reference/trackers.md §8).
 *
 * <p>The server's own {@code state} is not used: it includes the deploy context, which is not CI. The verdict is
 * recomputed from the latest status per context, the deploy context left out. A status carries its result in the
 * field {@code status} (not {@code state}). No statuses at all is {@code {}}: no CI yet.
 */
public final class ForgejoVerdicts {

    private ForgejoVerdicts() {}

    /** CI verdict of every context but {@code deployContext}: any error/failure fails, else any pending waits. */
    public static CiVerdict ci(JsonNode combined, String deployContext) {
        Map<String, JsonNode> latest = latestPerContext(combined);
        latest.remove(deployContext);
        if (latest.isEmpty()) {
            return CiVerdict.NONE;
        }
        boolean failed = false;
        boolean pending = false;
        List<CheckEvidence> evidence = new ArrayList<>();
        for (JsonNode s : latest.values()) {
            String state = state(s);
            switch (outcome(state)) {
                case FAILURE -> failed = true;
                case PENDING -> pending = true;
                default -> { }
            }
            if (!"success".equals(state)) {
                evidence.add(evidence(s));
            }
        }
        CiVerdict.State verdict = failed ? CiVerdict.State.FAILURE
                : pending ? CiVerdict.State.PENDING : CiVerdict.State.SUCCESS;
        return new CiVerdict(verdict, evidence);
    }

    /** The deploy verdict: the latest status of {@code deployContext}, or NONE. */
    public static DeployVerdict deploy(JsonNode combined, String deployContext) {
        JsonNode s = latestPerContext(combined).get(deployContext);
        if (s == null) {
            return DeployVerdict.NONE;
        }
        DeployVerdict.State state = switch (outcome(state(s))) {
            case FAILURE -> DeployVerdict.State.FAILURE;
            case PENDING -> DeployVerdict.State.PENDING;
            case SUCCESS -> DeployVerdict.State.SUCCESS;
        };
        return new DeployVerdict(state, evidence(s));
    }

    private enum Outcome { SUCCESS, PENDING, FAILURE }

    /**
     * Forgejo's states are error, failure, warning, pending and success. A warning does not block (Forgejo
     * Actions never writes one; external CI uses it for advisory checks). An unknown state waits rather than
     * triggering a fix-forward round on a value we do not understand; the stall timeout bounds the wait.
     */
    private static Outcome outcome(String state) {
        return switch (state) {
            case "error", "failure" -> Outcome.FAILURE;
            case "success", "warning" -> Outcome.SUCCESS;
            default -> Outcome.PENDING;
        };
    }

    /** The latest status per context, in first-seen order; a later entry of a context replaces an earlier one
     * unless its {@code id} is smaller (the list order of the combined status is not documented). */
    static Map<String, JsonNode> latestPerContext(JsonNode combined) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        if (combined == null || !combined.isObject()) {
            if (combined != null && !combined.isNull() && !combined.isMissingNode()) {
                throw ForgejoWire.malformed("ci-verdict", "the combined status is not an object");
            }
            return latest;
        }
        JsonNode statuses = combined.path("statuses");
        if (statuses.isMissingNode() || statuses.isNull()) {
            return latest;
        }
        if (!statuses.isArray()) {
            throw ForgejoWire.malformed("ci-verdict", "statuses is not a list");
        }
        for (JsonNode s : statuses) {
            String context = s.path("context").asText("");
            JsonNode previous = latest.get(context);
            if (previous == null || s.path("id").asLong(0) >= previous.path("id").asLong(0)) {
                latest.put(context, s);
            }
        }
        return latest;
    }

    private static String state(JsonNode status) {
        String state = status.path("status").asText("");
        if (state.isEmpty()) {
            state = status.path("state").asText(""); // tolerate the GitHub spelling
        }
        return state.toLowerCase(Locale.ROOT);
    }

    private static CheckEvidence evidence(JsonNode s) {
        return new CheckEvidence(s.path("context").asText(""), state(s), s.path("description").asText(""),
                s.path("target_url").asText(""));
    }
}
