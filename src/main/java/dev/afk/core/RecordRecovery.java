package dev.afk.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is left of a run when its AFK comment carries the state marker but the marker cannot be read (a person
 * edited it, or it was garbled): the attempt from the visible header, raised to the newest thread T3 knows for the
 * issue, since thread ids derive from (issue, attempt). The result is an open record of that attempt, stamped now;
 * the watch hands it back ({@link EscalationReason#RECORD_UNREADABLE}) and the poll starts the next attempt on fresh
 * ids, so no recovered guess ever drives a run.
 *
 * <p>Pure: the clock reading and T3's knowledge come in as arguments.
 */
public final class RecordRecovery {

    private static final Pattern HEADER_ATTEMPT = Pattern.compile("\\*\\*AFK run\\*\\* — attempt (\\d{1,6})\\b");
    /** A bound on the thread look-up, so a pathological fleet never makes recovery loop for long. */
    private static final int MAX_ATTEMPTS_PROBED = 1_000;

    private RecordRecovery() {
    }

    /** True when the comment is AFK's (it carries the marker start) but its state does not parse. */
    public static boolean unreadable(String commentBody) {
        return PhaseChecklist.isAfkComment(commentBody) && PhaseChecklist.parse(commentBody).isEmpty();
    }

    /** The attempt the visible header names, or 0 when it names none. */
    public static int headerAttempt(String commentBody) {
        if (commentBody == null) {
            return 0;
        }
        Matcher m = HEADER_ATTEMPT.matcher(commentBody);
        if (!m.find()) {
            return 0;
        }
        int n = Integer.parseInt(m.group(1));
        return Math.min(n, MAX_ATTEMPTS_PROBED);
    }

    /**
     * The newest attempt of {@code key} for which there is evidence: the header's, or a later one whose thread
     * {@code knownThread} confirms. At least 1.
     */
    public static int attempt(IssueKey key, String commentBody, Predicate<String> knownThread) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(knownThread, "knownThread");
        int attempt = Math.max(1, headerAttempt(commentBody));
        while (attempt < MAX_ATTEMPTS_PROBED && knownThread.test(RunIds.threadId(key, attempt + 1))) {
            attempt++;
        }
        return attempt;
    }

    /** The open record the watch escalates: attempt and thread as recovered, every time {@code now}. */
    public static RunRecord recover(IssueKey key, String commentBody, Set<String> knownThreads, Instant now) {
        Objects.requireNonNull(now, "now");
        int attempt = attempt(key, commentBody, knownThreads::contains);
        return RunRecord.dispatched(attempt, RunIds.threadId(key, attempt), now);
    }
}
