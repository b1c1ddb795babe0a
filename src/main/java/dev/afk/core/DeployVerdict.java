package dev.afk.core;

/** Whether the commit was deployed: the {@code AFK_DEPLOY_CONTEXT} status, or a GitHub deployment status. */
public record DeployVerdict(State state, CheckEvidence evidence) {

    public enum State { NONE, PENDING, SUCCESS, FAILURE }

    public static final DeployVerdict NONE = new DeployVerdict(State.NONE, null);

    public DeployVerdict {
        state = state == null ? State.NONE : state;
    }
}
