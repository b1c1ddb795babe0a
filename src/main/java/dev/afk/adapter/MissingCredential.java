package dev.afk.adapter;

/**
 * A credential an adapter needs cannot be had: its variable is not set, or names a file that is missing, empty or
 * unreadable. Thrown where the token is read (inside the HTTP client, on every request); the kernel route turns it
 * into an {@link AdapterFailure} of kind {@link AdapterFailure.Kind#AUTH} naming the variable. Never carries the
 * token.
 */
public class MissingCredential extends IllegalStateException {
    private static final long serialVersionUID = 1L;


    private final String variable;

    public MissingCredential(String variable, String message) {
        super(message);
        this.variable = variable;
    }

    /** The variable to fix, e.g. {@code AFK_TRACKER_TOKEN_FILE}. */
    public String variable() {
        return variable;
    }
}
