package dev.afk.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marker AFK writes into the body of a hold issue it opens, so it finds its own hold again after a restart and
 * never opens a second one for the same trip: {@code <!-- afk:hold kind=red-main repo=o/r -->}, for an escalation
 * trip {@code <!-- afk:hold kind=escalations repo=o/r reason=CI_EXHAUSTED -->} ({@code repo=*}: the fleet).
 *
 * @param kind   what tripped
 * @param repo   the repo held; null for the fleet
 * @param reason the escalation reason of an escalation trip; empty otherwise
 */
public record HoldMarker(Kind kind, RepoRef repo, String reason) {

    /** What tripped a hold AFK opened. */
    public enum Kind {
        /** The default branch's head has failing CI. */
        RED_MAIN("red-main"),
        /** {@code AFK_BREAKER_ESCALATIONS} consecutive escalations with one reason. */
        ESCALATIONS("escalations");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Optional<Kind> byWire(String w) {
            for (Kind k : values()) {
                if (k.wire.equals(w)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    private static final Pattern MARKER = Pattern.compile(
            "<!-- afk:hold kind=([a-z-]+) repo=(\\*|[^\\s/]+/[^\\s/]+)(?: reason=([A-Z_]+))? -->");

    public HoldMarker {
        Objects.requireNonNull(kind, "kind");
        reason = reason == null ? "" : reason.toUpperCase(Locale.ROOT);
    }

    public static HoldMarker redMain(RepoRef repo) {
        return new HoldMarker(Kind.RED_MAIN, Objects.requireNonNull(repo, "repo"), "");
    }

    public static HoldMarker escalations(RepoRef repoOrNullForFleet, String reason) {
        return new HoldMarker(Kind.ESCALATIONS, repoOrNullForFleet, reason);
    }

    public boolean fleet() {
        return repo == null;
    }

    public String render() {
        return "<!-- afk:hold kind=" + kind.wire() + " repo=" + (repo == null ? "*" : repo.slug())
                + (reason.isEmpty() ? "" : " reason=" + reason) + " -->";
    }

    /** The first well-formed marker in {@code body}; empty when there is none. */
    public static Optional<HoldMarker> find(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher m = MARKER.matcher(body);
        while (m.find()) {
            Optional<Kind> kind = Kind.byWire(m.group(1));
            if (kind.isPresent()) {
                RepoRef repo = "*".equals(m.group(2)) ? null : RepoRef.parse(m.group(2));
                if (kind.get() == Kind.RED_MAIN && repo == null) {
                    continue;
                }
                return Optional.of(new HoldMarker(kind.get(), repo, m.group(3)));
            }
        }
        return Optional.empty();
    }
}
