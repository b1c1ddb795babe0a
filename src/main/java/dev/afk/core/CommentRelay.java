package dev.afk.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which comments on an in-flight issue steer the agent (issue 10, item 1): a pure function of the comments, the
 * attempt's dispatch time, AFK's own login, {@code AFK_TRUSTED_LABELERS}, the authors' repository permission and
 * the comments this attempt already relayed.
 *
 * <p>A comment is <em>relayed</em> when it was created at or after {@code since}, this attempt has not relayed it
 * yet, AFK's own login did not write it, it is not an AFK marker comment ({@link PhaseChecklist#isAfkComment}), it
 * is not an {@code /afk ...} command (its first non-blank line starts with {@code /afk}: commands such as
 * {@code /afk stop} or {@code /afk budget +1} are not steering text), and its author may steer ({@link Trust}).
 * Relayed comments come oldest first (by {@code createdAt}, then id); every other comment since the dispatch that is
 * not yet relayed is <em>ignored</em> with its reason, for one log line each.
 */
public final class CommentRelay {

    /** First non-blank line starts with {@code /afk} followed by white space or the end: an AFK command. */
    private static final Pattern COMMAND = Pattern.compile("(?i)/afk(\\s.*)?");
    private static final int HASH_HEX_CHARS = 16;

    private CommentRelay() {}

    /** A comment left out of the relay, and why (for one log line). */
    public record Ignored(IssueComment comment, String why) {
        public Ignored {
            Objects.requireNonNull(comment, "comment");
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * The verdict on the comments of one tick.
     *
     * @param relay   the comments to relay, oldest first (by {@code createdAt}, then id)
     * @param ignored the comments since the dispatch left out (not yet relayed ones only), oldest first, with why
     */
    public record Selection(List<IssueComment> relay, List<Ignored> ignored) {
        public Selection {
            relay = List.copyOf(relay);
            ignored = List.copyOf(ignored);
        }

        /** The ids of {@link #relay}, in order: the candidates {@link RunState#relay} carries. */
        public List<Long> ids() {
            return relay.stream().map(IssueComment::id).toList();
        }
    }

    /**
     * The comments to relay now and the ones ignored.
     *
     * @param since          the attempt's dispatch; earlier comments belong to an earlier attempt (or the issue's
     *                       history the first turn already had)
     * @param afkLogin       AFK's own tracker login; null or blank: only the marker tells AFK's comments apart
     * @param trusted        {@code AFK_TRUSTED_LABELERS}
     * @param permissionOf   the repository permission of a lower-cased login (see {@link Trust#why}); asked only for
     *                       the logins {@link #needPermission} names
     * @param alreadyRelayed the tally's {@code relayed} (and {@code relaying}) ids: never relayed again
     */
    public static Selection select(List<IssueComment> comments, Instant since, String afkLogin, Set<String> trusted,
            Function<String, String> permissionOf, List<Long> alreadyRelayed) {
        Objects.requireNonNull(since, "since");
        Set<Long> done = new HashSet<>(alreadyRelayed == null ? List.of() : alreadyRelayed);
        List<IssueComment> relay = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (IssueComment c : sorted(comments)) {
            if (c.createdAt().isBefore(since) || done.contains(c.id()) || !seen.add(c.id())) {
                continue;
            }
            String why = why(c, afkLogin, trusted, permissionOf);
            if (why == null) {
                relay.add(c);
            } else {
                ignored.add(new Ignored(c, why));
            }
        }
        return new Selection(relay, ignored);
    }

    /**
     * The logins whose repository permission {@link #select} needs: the person authors of the comments it would
     * judge by trust (since the dispatch, not relayed yet, neither AFK's nor a command), when {@code trusted} is
     * empty; nobody when it is set.
     */
    public static List<String> needPermission(List<IssueComment> comments, Instant since, String afkLogin,
            Set<String> trusted, List<Long> alreadyRelayed) {
        Set<Long> done = new HashSet<>(alreadyRelayed == null ? List.of() : alreadyRelayed);
        List<IssueComment> judged = new ArrayList<>();
        for (IssueComment c : sorted(comments)) {
            if (!c.createdAt().isBefore(since) && !done.contains(c.id()) && notByTrust(c, afkLogin) == null) {
                judged.add(c);
            }
        }
        return Trust.needPermission(judged, trusted);
    }

    /** Whether the first non-blank line of {@code body} is an {@code /afk ...} command. */
    public static boolean isCommand(String body) {
        return FirstLine.matches(body, COMMAND);
    }

    /**
     * The hash AFK records of the issue text (title and body) at dispatch and after relaying an edit: the first
     * {@value #HASH_HEX_CHARS} hex digits of SHA-256 over the title, a NUL, and the body (null reads as empty), so
     * moving text between title and body changes it. Stable across runs and replicas.
     */
    public static String bodyHash(String title, String body) {
        MessageDigest sha = sha256();
        sha.update((title == null ? "" : title).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
        byte[] d = sha.digest();
        StringBuilder out = new StringBuilder(HASH_HEX_CHARS);
        for (int i = 0; i < HASH_HEX_CHARS / 2; i++) {
            out.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
        }
        return out.toString();
    }

    private static String why(IssueComment c, String afkLogin, Set<String> trusted,
            Function<String, String> permissionOf) {
        String notByTrust = notByTrust(c, afkLogin);
        return notByTrust != null ? notByTrust : Trust.why(c, trusted, permissionOf, Trust.Act.STEER);
    }

    /** The reasons that need no permission: AFK's own comment, or a command. */
    private static String notByTrust(IssueComment c, String afkLogin) {
        if (Trust.isAfk(c.author(), afkLogin)) {
            return "written by AFK's own login '" + c.author() + "'";
        }
        if (PhaseChecklist.isAfkComment(c.body())) {
            return "an AFK comment (it carries the state marker)";
        }
        if (isCommand(c.body())) {
            return "an /afk command, not text for the agent";
        }
        return null;
    }

    private static List<IssueComment> sorted(List<IssueComment> comments) {
        List<IssueComment> out = new ArrayList<>(comments == null ? List.of() : comments);
        out.removeIf(Objects::isNull);
        out.sort(Comparator.comparing(IssueComment::createdAt).thenComparingLong(IssueComment::id));
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide SHA-256: a broken runtime, not a run-time condition.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
