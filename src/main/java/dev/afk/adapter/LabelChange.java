package dev.afk.adapter;

import dev.afk.core.IssueKey;

/** {@code direct:<tracker>-add-label} / {@code -remove-label} in. Removing a label that is not there succeeds. */
public record LabelChange(IssueKey key, String label) {}
