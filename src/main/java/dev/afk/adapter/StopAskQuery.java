package dev.afk.adapter;

import dev.afk.core.IssueKey;
import java.time.Instant;

/**
 * {@code direct:afk-stop-ask} in: the in-flight issue and when its current attempt was dispatched; only comments
 * created at or after {@code since} can stop it. Out: a {@link dev.afk.core.StopAsk}.
 */
public record StopAskQuery(IssueKey issue, Instant since) {

    public StopAskQuery {
        java.util.Objects.requireNonNull(issue, "issue");
        java.util.Objects.requireNonNull(since, "since");
    }
}
