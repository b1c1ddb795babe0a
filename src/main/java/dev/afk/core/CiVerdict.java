package dev.afk.core;

import java.util.List;

/**
 * The CI verdict for one commit. {@code NONE}: no CI reported yet (Forgejo's {@code {}}, GitHub's empty lists).
 * {@code evidence} lists the contexts that are not green (all of them when the verdict is SUCCESS is not needed).
 */
public record CiVerdict(State state, List<CheckEvidence> evidence) {

    public enum State { NONE, PENDING, SUCCESS, FAILURE }

    public static final CiVerdict NONE = new CiVerdict(State.NONE, List.of());
    public static final CiVerdict SUCCESS = new CiVerdict(State.SUCCESS, List.of());

    public CiVerdict {
        state = state == null ? State.NONE : state;
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
