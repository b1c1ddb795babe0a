package dev.afk.adapter;

import dev.afk.core.RepoRef;

/**
 * A commit of a repository. In for {@code direct:<tracker>-commit-exists} (out: Boolean),
 * {@code -ci-verdict} (out: CiVerdict) and {@code -deploy-verdict} (out: DeployVerdict).
 *
 * <p>For {@code commit-exists}, {@code base} is the default branch's head when the run was dispatched: the
 * answer is true only when the tracker knows a commit with exactly {@code sha} <em>and</em>, when {@code base} is
 * not null, that commit is new relative to {@code base} (not {@code base} itself, not one of its ancestors). A
 * pre-existing green, deployed commit is therefore never believed as this run's push.
 */
public record CommitRef(RepoRef repo, String sha, String base) {

    public CommitRef(RepoRef repo, String sha) {
        this(repo, sha, null);
    }
}
