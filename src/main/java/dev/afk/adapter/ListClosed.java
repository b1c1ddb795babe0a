package dev.afk.adapter;

import dev.afk.core.RepoRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * {@code direct:<tracker>-list-closed} in: the closed issues of {@code repo} updated at or after {@code since},
 * newest update first, at most {@code max} of them (a bounded number of pages: the dialect reads only the pages
 * {@code max} needs). Whatever their labels: an issue AFK closed carries no AFK label any more. The dashboard reads
 * them once after a start to rebuild the runs AFK closed (docs/ARCHITECTURE.md §6). Out: {@link IssueListing}.
 */
public record ListClosed(RepoRef repo, Instant since, int max) {

    /** The most issues one listing may ask for (two Forgejo pages of 50; GitHub pages of 100, at most 3). */
    public static final int MAX = 100;

    public ListClosed {
        Objects.requireNonNull(repo, "repo");
        since = Objects.requireNonNull(since, "since").truncatedTo(ChronoUnit.SECONDS); // whole seconds on the wire
        if (max < 1 || max > MAX) {
            throw new IllegalArgumentException("max must be 1.." + MAX + ", was " + max);
        }
    }
}
