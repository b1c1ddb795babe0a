package dev.afk.core;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Who may steer a run (issue 9's {@code /afk stop}, issue 10's relayed comments), written once: a person (not a bot,
 * and a comment that names an author) who is in {@code AFK_TRUSTED_LABELERS} when that is set (the rule for who may
 * apply {@code ready-for-agent}, {@link DispatchPolicy}), or else has {@code write} or {@code admin} permission on
 * the repository. A pure function of the comment, the list and the authors' permissions; logins compare
 * case-insensitively, white space around them aside.
 */
public final class Trust {

    /** The permission levels that may steer a run when {@code AFK_TRUSTED_LABELERS} is empty. */
    public static final Set<String> STEERING_LEVELS = Set.of("write", "admin");

    /** What the author would do with the comment; only the wording of the reason depends on it. */
    public enum Act {
        /** A {@code /afk stop} ({@link StopAsks}). */
        STOP("stop a run", "/afk stop"),
        /** A comment relayed to the agent ({@link CommentRelay}). */
        STEER("steer a run", "steering the agent");

        private final String verb;
        private final String needs;

        Act(String verb, String needs) {
            this.verb = verb;
            this.needs = needs;
        }
    }

    private Trust() {}

    /**
     * Why the author of {@code c} may not steer, or null when they may.
     *
     * @param trustedLabelers {@code AFK_TRUSTED_LABELERS}, in any case; null or empty: the repository permission
     *                        decides
     * @param permissionOf    the repository permission ({@code admin}, {@code write}, {@code read}, {@code none}) of a
     *                        lower-cased login; asked only when {@code trustedLabelers} is empty, for the logins
     *                        {@link #needPermission} names; null (unknown) never steers
     * @param act             what the author would do: only the reason's wording depends on it
     */
    public static String why(IssueComment c, Set<String> trustedLabelers, Function<String, String> permissionOf,
            Act act) {
        if (!isPerson(c)) {
            return c.author().isBlank() ? "the comment names no author; only a person can " + act.verb
                    : "'" + c.author() + "' is a bot; bots never " + act.verb;
        }
        Set<String> trusted = lowerCased(trustedLabelers);
        if (!trusted.isEmpty()) {
            return trusted.contains(key(c.author())) ? null
                    : "'" + c.author() + "' is not in AFK_TRUSTED_LABELERS";
        }
        String level = permissionOf == null ? null : permissionOf.apply(key(c.author()));
        if (level != null && STEERING_LEVELS.contains(level)) {
            return null;
        }
        return "'" + c.author() + "' has " + (level == null ? "no known" : level) + " permission on the repository;"
                + " " + act.needs + " needs write or admin (AFK_TRUSTED_LABELERS is empty)";
    }

    /** {@link #why(IssueComment, Set, Function, Act)} for a comment that would steer the agent. */
    public static String why(IssueComment c, Set<String> trustedLabelers, Function<String, String> permissionOf) {
        return why(c, trustedLabelers, permissionOf, Act.STEER);
    }

    /**
     * The logins (lower-cased, in the order of {@code comments}, each once) whose repository permission {@link #why}
     * needs for these comments: every person author when {@code trustedLabelers} is empty; nobody when it is set (the
     * list decides alone). Bots and comments without an author need none: they never steer.
     */
    public static List<String> needPermission(Collection<IssueComment> comments, Set<String> trustedLabelers) {
        if (!lowerCased(trustedLabelers).isEmpty()) {
            return List.of();
        }
        Set<String> logins = new LinkedHashSet<>();
        for (IssueComment c : comments) {
            if (isPerson(c)) {
                logins.add(key(c.author()));
            }
        }
        return List.copyOf(logins);
    }

    /** A person wrote it: not a bot, and the tracker names an author. */
    public static boolean isPerson(IssueComment c) {
        return !c.bot() && !c.author().isBlank();
    }

    /** Whether {@code author} is AFK's own login (never when {@code afkLogin} is null or blank). */
    public static boolean isAfk(String author, String afkLogin) {
        return afkLogin != null && !afkLogin.isBlank() && author != null && key(author).equals(key(afkLogin));
    }

    /** A login as compared: stripped and lower-cased. */
    public static String key(String login) {
        return login.strip().toLowerCase(Locale.ROOT);
    }

    /** The non-blank logins of {@code logins}, compared form; empty for null. */
    public static Set<String> lowerCased(Set<String> logins) {
        Set<String> out = new LinkedHashSet<>();
        if (logins != null) {
            for (String l : logins) {
                if (l != null && !l.isBlank()) {
                    out.add(key(l));
                }
            }
        }
        return out;
    }
}
