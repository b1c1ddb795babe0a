package dev.afk.adapter;

import dev.afk.core.IssueKey;
import java.time.Instant;
import java.util.List;

/**
 * {@code direct:afk-stop-ask} in: the in-flight issue and when its current attempt was dispatched; only comments
 * created at or after {@code since} can stop it or be relayed to its agent. Out: {@link RunComments}.
 *
 * <p>{@code since} is kept to the whole second: the trackers date a comment to the second, so a comment written in
 * the dispatch's own second, after it, reads as created before the dispatch's instant and would be neither in the
 * first turn nor relayed. Rounded down, a comment of that second counts as since the dispatch (one written in that
 * second just before it, after the label, is relayed too: the first turn did not have it either).
 *
 * @param relayed the comment ids this attempt relayed (or is relaying) already: never judged for the relay again
 *                (their authors' permission is not read again)
 */
public record StopAskQuery(IssueKey issue, Instant since, List<Long> relayed) {

    public StopAskQuery {
        java.util.Objects.requireNonNull(issue, "issue");
        java.util.Objects.requireNonNull(since, "since");
        since = since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        relayed = relayed == null ? List.of() : List.copyOf(relayed);
    }

    /** A query of an attempt that relayed nothing yet. */
    public StopAskQuery(IssueKey issue, Instant since) {
        this(issue, since, List.of());
    }
}
