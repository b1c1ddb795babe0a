package dev.afk.plane;

/** Thrown by a tick step to leave one issue alone this tick for an ordinary reason (not an error). */
public class SkipIssue extends RuntimeException {
    private static final long serialVersionUID = 1L;


    public SkipIssue(String reason) {
        super(reason, null, false, false);
    }
}
