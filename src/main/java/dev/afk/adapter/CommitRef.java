package dev.afk.adapter;

import dev.afk.core.RepoRef;

/**
 * A commit of a repository. In for {@code direct:<tracker>-commit-exists} (out: Boolean),
 * {@code -ci-verdict} (out: CiVerdict) and {@code -deploy-verdict} (out: DeployVerdict).
 */
public record CommitRef(RepoRef repo, String sha) {}
