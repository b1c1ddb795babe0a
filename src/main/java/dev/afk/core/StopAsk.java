package dev.afk.core;

import java.util.Objects;

/**
 * A person's {@code /afk stop} comment on an in-flight issue, as judged for the current attempt: none, a stop by a
 * user allowed to steer, or one AFK ignores (and why). Made by {@code StopAsks.judge}; read by the watch tick.
 *
 * @param kind      what AFK does with it
 * @param by        the comment's author; null for {@link Kind#NONE}
 * @param commentId the tracker's id of the comment; 0 for {@link Kind#NONE}
 * @param why       for {@link Kind#IGNORED}: why it does not count (untrusted author, a bot, ...); null otherwise
 */
public record StopAsk(Kind kind, String by, long commentId, String why) {

    public enum Kind {
        /** No {@code /afk stop} comment since the attempt was dispatched. */
        NONE,
        /** A user allowed to steer asked to stop: the run ends as STOPPED_BY_PERSON. */
        STOP,
        /** A {@code /afk stop} that does not count; the run goes on and the reason is logged once. */
        IGNORED
    }

    public static final StopAsk NONE = new StopAsk(Kind.NONE, null, 0, null);

    public StopAsk {
        Objects.requireNonNull(kind, "kind");
    }

    public static StopAsk stop(String by, long commentId) {
        return new StopAsk(Kind.STOP, Objects.requireNonNull(by, "by"), commentId, null);
    }

    public static StopAsk ignored(String by, long commentId, String why) {
        return new StopAsk(Kind.IGNORED, Objects.requireNonNull(by, "by"), commentId, Objects.requireNonNull(why, "why"));
    }
}
