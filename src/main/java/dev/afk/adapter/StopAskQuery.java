package dev.afk.adapter;

import dev.afk.core.IssueKey;
import java.time.Instant;
import java.util.List;

/**
 * {@code direct:afk-stop-ask} in: the in-flight issue and when its current attempt was dispatched; only comments
 * created at or after {@code since} can stop it or be relayed to its agent. Out: {@link RunComments}.
 *
 * @param relayed the comment ids this attempt relayed (or is relaying) already: never judged for the relay again
 *                (their authors' permission is not read again)
 */
public record StopAskQuery(IssueKey issue, Instant since, List<Long> relayed) {

    public StopAskQuery {
        java.util.Objects.requireNonNull(issue, "issue");
        java.util.Objects.requireNonNull(since, "since");
        relayed = relayed == null ? List.of() : List.copyOf(relayed);
    }

    /** A query of an attempt that relayed nothing yet. */
    public StopAskQuery(IssueKey issue, Instant since) {
        this(issue, since, List.of());
    }
}
