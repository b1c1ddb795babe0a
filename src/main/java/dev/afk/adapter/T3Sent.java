package dev.afk.adapter;

/**
 * {@code direct:t3-interrupt} and {@code direct:t3-session-stop} out: T3 accepted the command on {@code threadId}
 * with {@code sequence}. A re-sent {@link StopRequest} gets the sequence of its first receipt. Acceptance says
 * nothing about the session yet (T3 settles it after the reply, docs/reference/t3-control.md §7.3): read
 * {@code direct:t3-stop-state} for that. The gaps between sequences mean nothing (§7.3).
 */
public record T3Sent(String threadId, long sequence) {}
