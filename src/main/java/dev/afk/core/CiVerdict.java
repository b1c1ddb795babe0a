package dev.afk.core;

import java.util.List;

/**
 * The CI verdict for one commit. {@code NONE}: no CI reported yet (Forgejo's {@code {}}, GitHub's empty lists).
 * {@code evidence} lists the contexts that are not green (all of them when the verdict is SUCCESS is not needed).
 *
 * <p>{@code INFRA} (issue 12, item 4): no context failed, but at least one reports that the CI system itself failed
 * (a commit status {@code error}; Forgejo's {@code warning}; a GitHub check run {@code cancelled}, {@code timed_out}
 * or {@code action_required}). That is not the agent's failure: it gets no fix-forward turn. A real failure of any
 * context outranks it (FAILURE), and it outranks contexts still pending.
 */
public record CiVerdict(State state, List<CheckEvidence> evidence) {

    public enum State { NONE, PENDING, SUCCESS, FAILURE, INFRA }

    public static final CiVerdict NONE = new CiVerdict(State.NONE, List.of());
    public static final CiVerdict SUCCESS = new CiVerdict(State.SUCCESS, List.of());

    public CiVerdict {
        state = state == null ? State.NONE : state;
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
