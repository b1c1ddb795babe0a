package dev.afk.adapter;

import dev.afk.core.EscalationReason;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;

/** {@code direct:doorbell} in: the hand-off packet a person needs to pick the issue up. Never throws. */
public record Handoff(
        IssueKey key,
        String issueUrl,
        int attempt,
        Phase phaseReached,
        EscalationReason reason,
        String evidence,
        String threadId) {}
