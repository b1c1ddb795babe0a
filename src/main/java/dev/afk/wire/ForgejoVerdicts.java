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

    /**
     * CI verdict of every context but {@code deployContext}: any failure fails; else any error or warning is CI's own
     * failure ({@link CiVerdict.State#INFRA}, issue 12, item 4); else any pending waits.
     */
    public static CiVerdict ci(JsonNode combined, String deployContext) {
        Map<String, JsonNode> latest = latestPerContext(combined);
        latest.remove(deployContext);
        if (latest.isEmpty()) {
            return CiVerdict.NONE;
        }
        boolean failed = false;
        boolean infra = false;
        boolean pending = false;
        List<CheckEvidence> evidence = new ArrayList<>();
        for (JsonNode s : latest.values()) {
            String state = state(s);
            switch (outcome(state)) {
                case FAILURE -> failed = true;
                case INFRA -> infra = true;
                case PENDING -> pending = true;
                default -> { }
            }
            if (!"success".equals(state)) {
                evidence.add(evidence(s));
            }
        }
        CiVerdict.State verdict = failed ? CiVerdict.State.FAILURE : infra ? CiVerdict.State.INFRA
                : pending ? CiVerdict.State.PENDING : CiVerdict.State.SUCCESS;
        return new CiVerdict(verdict, evidence);
    }

    /** The deploy verdict: the latest status of {@code deployContext}, or NONE. */
    public static DeployVerdict deploy(JsonNode combined, String deployContext) {
        JsonNode s = latestPerContext(combined).get(deployContext);
        if (s == null) {
            return DeployVerdict.NONE;
        }
        // The deploy job's own error is a failed deploy, and a warning does not hold a deploy back (as before).
        DeployVerdict.State state = switch (state(s)) {
            case "error", "failure" -> DeployVerdict.State.FAILURE;
            case "success", "warning" -> DeployVerdict.State.SUCCESS;
            default -> DeployVerdict.State.PENDING;
        };
        return new DeployVerdict(state, evidence(s));
    }

    private enum Outcome { SUCCESS, PENDING, FAILURE, INFRA }

    /**
     * Forgejo's states are error, failure, warning, pending and success (the swagger's {@code CommitStatusState}).
     * Only {@code failure} is the code's failure; {@code error} and {@code warning} are CI's own trouble (Forgejo
     * Actions writes {@code error} for a job result it cannot map, docs/reference/trackers.md §8), which gets no
     * fix-forward turn. An unknown state waits rather than triggering a fix-forward round on a value we do not
     * understand; the stall timeout bounds the wait.
     */
    private static Outcome outcome(String state) {
        return switch (state) {
            case "failure" -> Outcome.FAILURE;
            case "error", "warning" -> Outcome.INFRA;
            case "success" -> Outcome.SUCCESS;
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
