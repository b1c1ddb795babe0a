package dev.afk.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Who applied a label, from a tracker's history of an issue (Forgejo's timeline, GitHub's events): the actor of the
 * most recent entry that added it. Only the latest addition counts, since a label removed and re-added was
 * re-approved by whoever re-added it. The dialects differ only in which entries add the label and where the actor is.
 */
final class LabelHistory {

    private LabelHistory() {}

    /**
     * @param addsTheLabel which entries are additions of the label in question
     * @param actorField   the entry's field holding the user ({@code user} on Forgejo, {@code actor} on GitHub)
     * @param time         the entry's {@code created_at} as an instant (each dialect parses and reports its own way)
     */
    static String latestActor(List<JsonNode> entries, Predicate<JsonNode> addsTheLabel, String actorField,
            Function<JsonNode, Instant> time) {
        String actor = null;
        Instant latest = Instant.MIN;
        for (JsonNode e : entries) {
            if (!addsTheLabel.test(e)) {
                continue;
            }
            Instant at = e.hasNonNull("created_at") ? time.apply(e.path("created_at")) : latest;
            if (!at.isBefore(latest)) { // equal times: the later entry in the list wins
                latest = at;
                String login = e.path(actorField).path("login").asText("");
                actor = login.isEmpty() ? null : login;
            }
        }
        return actor;
    }
}
