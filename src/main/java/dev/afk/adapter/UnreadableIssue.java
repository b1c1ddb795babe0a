package dev.afk.adapter;

import dev.afk.core.RepoRef;

/**
 * One item of a listing that is not the issue the contract promises (e.g. {@code labels} as an object).
 *
 * @param number the issue number when it could still be read, else -1
 * @param why    what was wrong, for the log line and the status view (never the item's text)
 */
public record UnreadableIssue(RepoRef repo, long number, String why) {}
