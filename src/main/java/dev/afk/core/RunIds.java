package dev.afk.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The ids AFK sends to T3, derived instead of drawn at random (docs/ARCHITECTURE.md §2.1): T3 lets the client choose
 * {@code threadId} and treats {@code commandId} as an idempotency key, so re-sending the same derived command after
 * a crash or a timeout returns the same sequence instead of creating a second thread or a second turn.
 *
 * <p>All ids are RFC 9562 version-5 (SHA-1, name-based) UUIDs under {@link #NAMESPACE}:
 * <pre>
 *   threadId  = uuid5(NAMESPACE, "owner/repo#N/attempt-k")
 *   commandId = uuid5(NAMESPACE, threadId + "/create" | "/turn-1" | "/fix-forward-r")
 *   messageId = uuid5(NAMESPACE, threadId + "/turn-1/message" | "/fix-forward-r/message")
 *   commandId = uuid5(NAMESPACE, threadId + "/interrupt-n" | "/session-stop-n")
 *   commandId = uuid5(NAMESPACE, threadId + "/relay-" + relayKey)
 *   messageId = uuid5(NAMESPACE, threadId + "/relay-" + relayKey + "/message")
 * </pre>
 *
 * <p>A relay turn (issue 10) is named by its batch ({@link #relayKey}): the first comment id of the batch, so a
 * restart or a second replica re-sends the same command for the same comments, and a comment is never the first of
 * two batches (once relayed it is never selected again).
 *
 * <p>A stop command carries its round {@code n} (1-based) because T3 answers a known {@code commandId} from its
 * receipt without acting again (docs/reference/t3-control.md §3.3, §7.1): re-sending round {@code n} after a crash is the same
 * command, while a second interrupt that is meant to act (a queued steer needs one, §3.4) must be round
 * {@code n + 1}.
 */
public final class RunIds {

    /**
     * AFK's namespace: {@code uuid5(RFC 9562 URL namespace, "urn:dev.afk:run-ids")}. Written out as a literal
     * because changing it would orphan every thread of every run in flight; a test re-derives it.
     */
    public static final UUID NAMESPACE = UUID.fromString("c160e6f8-1d29-5c7d-8d2a-57a337b582a4");

    private RunIds() {
    }

    /** RFC 9562 §5.5: SHA-1 over the namespace's 16 bytes and the name's UTF-8 bytes, version 5, variant 10. */
    public static UUID uuid5(UUID ns, String name) {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(name, "name");
        MessageDigest sha1 = sha1();
        sha1.update(toBytes(ns));
        sha1.update(name.getBytes(StandardCharsets.UTF_8));
        byte[] hash = sha1.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        return new UUID(toLong(hash, 0), toLong(hash, 8));
    }

    /** The thread of attempt {@code attempt} (1-based) at issue {@code key}. */
    public static String threadId(IssueKey key, int attempt) {
        Objects.requireNonNull(key, "key");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        return derive(key + "/attempt-" + attempt);
    }

    public static String createCommandId(String threadId) {
        return derive(requireThread(threadId) + "/create");
    }

    public static String turnCommandId(String threadId) {
        return derive(requireThread(threadId) + "/turn-1");
    }

    public static String turnMessageId(String threadId) {
        return derive(requireThread(threadId) + "/turn-1/message");
    }

    public static String fixForwardCommandId(String threadId, int round) {
        return derive(requireThread(threadId) + "/fix-forward-" + requireRound(round));
    }

    public static String fixForwardMessageId(String threadId, int round) {
        return derive(requireThread(threadId) + "/fix-forward-" + requireRound(round) + "/message");
    }

    /** Round {@code round} (1-based) of {@code thread.turn.interrupt} on the thread. */
    public static String interruptCommandId(String threadId, int round) {
        return derive(requireThread(threadId) + "/interrupt-" + requireStopRound(round));
    }

    /** Round {@code round} (1-based) of {@code thread.session.stop} on the thread. */
    public static String sessionStopCommandId(String threadId, int round) {
        return derive(requireThread(threadId) + "/session-stop-" + requireStopRound(round));
    }

    /** The relay turn of the batch named {@code relayKey} ({@link #relayKey}) on the thread. */
    public static String relayCommandId(String threadId, String relayKey) {
        return derive(requireThread(threadId) + "/relay-" + requireKey(relayKey));
    }

    /** The user message of the relay turn of the batch named {@code relayKey} on the thread. */
    public static String relayMessageId(String threadId, String relayKey) {
        return derive(requireThread(threadId) + "/relay-" + requireKey(relayKey) + "/message");
    }

    /**
     * The name of a relay batch: {@code "c" + } its first comment id when it has comments; otherwise (only the issue
     * text changed) {@code "b" + bodyHash + "-" + turnsBefore}. The turn count keeps a text edited back to an earlier
     * version from reusing that relay's command id, which T3 would answer from its receipt without acting
     * (docs/reference/t3-control.md §7.1); it does not change between the relay's intent and its record, because
     * nothing else is sent while a relay is pending.
     *
     * @param turnsBefore the tally's {@code turns} when the relay was decided (before it is counted)
     */
    public static String relayKey(List<Long> commentIds, String bodyHash, int turnsBefore) {
        if (commentIds != null && !commentIds.isEmpty()) {
            return "c" + commentIds.get(0);
        }
        if (bodyHash == null || bodyHash.isBlank()) {
            throw new IllegalArgumentException("a relay batch needs a comment or a body hash");
        }
        return "b" + bodyHash + "-" + turnsBefore;
    }

    private static String requireKey(String relayKey) {
        if (relayKey == null || relayKey.isBlank()) {
            throw new IllegalArgumentException("relayKey must not be blank");
        }
        return relayKey;
    }

    private static String derive(String name) {
        return uuid5(NAMESPACE, name).toString();
    }

    private static String requireThread(String threadId) {
        if (threadId == null || threadId.isBlank()) {
            throw new IllegalArgumentException("threadId must not be blank");
        }
        return threadId;
    }

    private static int requireRound(int round) {
        if (round < 1) {
            throw new IllegalArgumentException("fix-forward round must be >= 1: " + round);
        }
        return round;
    }

    private static int requireStopRound(int round) {
        if (round < 1) {
            throw new IllegalArgumentException("stop round must be >= 1: " + round);
        }
        return round;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide SHA-1, so this is a broken runtime, not a run-time condition.
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    private static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        long msb = u.getMostSignificantBits();
        long lsb = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (msb >>> (56 - 8 * i));
            b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }

    private static long toLong(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }
}
