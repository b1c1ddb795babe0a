package dev.afk.adapter;

import dev.afk.core.CheckEvidence;
import dev.afk.core.IssueKey;
import java.util.List;

/**
 * {@code direct:t3-turn} in: fix-forward round {@code round} on the existing thread, quoting the failing CI
 * contexts of {@code sha}. Out: {@link T3Accepted} (T3's own time for the turn).
 */
public record FixForwardTurn(IssueKey key, String threadId, int round, String sha, List<CheckEvidence> evidence) {

    public FixForwardTurn {
        evidence = List.copyOf(evidence);
    }
}
