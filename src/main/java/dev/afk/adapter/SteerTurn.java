package dev.afk.adapter;

import dev.afk.core.IssueKey;
import java.util.Objects;

/**
 * {@code direct:t3-steer} in: a new turn on the run's existing thread that relays what people wrote on the issue
 * (trusted comments, an edited issue body; issue 10). The text is built by the pure core (quoted as untrusted data)
 * and both ids derive from what is relayed, so a restart or a second replica sends the same command and T3 records it
 * once (docs/reference/t3-control.md §3.3, §7.1). Out: {@link T3Accepted} (T3's own time for the turn, the
 * {@code createdAt} of the user message {@code messageId}).
 *
 * @param key       the issue the run belongs to (for logs)
 * @param threadId  the run's thread
 * @param commandId the {@code thread.turn.start} command id
 * @param messageId the user message's id
 * @param text      the message text, as the agent reads it
 */
public record SteerTurn(IssueKey key, String threadId, String commandId, String messageId, String text) {

    public SteerTurn {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
    }
}
