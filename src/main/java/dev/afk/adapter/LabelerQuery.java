package dev.afk.adapter;

import dev.afk.core.IssueKey;

/** {@code direct:<tracker>-labeler} in: who most recently added {@code label}. Out: the login, or null. */
public record LabelerQuery(IssueKey key, String label) {}
