package dev.afk.adapter;

import dev.afk.core.RepoRef;

/**
 * {@code direct:<tracker>-permission} in: what {@code login} may do in {@code repo}. Out: the level as one of
 * {@code admin}, {@code write}, {@code read}, {@code none} ({@code none} for a user the tracker does not know).
 */
public record PermissionQuery(RepoRef repo, String login) {

    public PermissionQuery {
        java.util.Objects.requireNonNull(repo, "repo");
        java.util.Objects.requireNonNull(login, "login");
    }
}
