package dev.afk.adapter;

import dev.afk.core.RepoRef;

/** {@code direct:<tracker>-list-issues} in: open issues of {@code repo} carrying {@code label}. Out: {@code List<Issue>}. */
public record ListIssues(RepoRef repo, String label) {}
