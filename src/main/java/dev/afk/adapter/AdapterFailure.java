package dev.afk.adapter;

import java.time.Duration;

/**
 * A typed failure of one outside call, thrown out of every adapter route so the ticks can act on the kind
 * instead of parsing messages. The message never contains a token or an Authorization header.
 */
public class AdapterFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;


    public enum Kind {
        /** 401/403: the credential is missing, wrong or lacks a scope. Names the variable to fix. */
        AUTH(false),
        /** 404: the resource does not exist. */
        NOT_FOUND(false),
        /** 409/412/422 and T3's deterministic 500 {@code orchestration_dispatch_failed}: the request was refused. */
        REJECTED(false),
        /** 400: the request itself is wrong; a retry will not help. */
        BAD_REQUEST(false),
        /** 429 or a secondary rate limit: wait {@link #retryAfter()} before calling again. */
        RATE_LIMITED(true),
        /** 5xx (other than a T3 domain rejection): the server failed. */
        SERVER(true),
        /** Connect or read timeout, connection refused or reset. */
        TIMEOUT(true),
        /** The reply was not the JSON the contract promises (malformed, truncated, wrong shape). */
        MALFORMED(false);

        private final boolean transientKind;

        Kind(boolean transientKind) {
            this.transientKind = transientKind;
        }

        /** Worth retrying later (a later tick, or a bounded in-call retry for idempotent calls). */
        public boolean isTransient() {
            return transientKind;
        }
    }

    private final Kind kind;
    private final String system;
    private final String operation;
    private final int status;
    private final Duration retryAfter;
    private final String detail;
    private final boolean reported;

    public AdapterFailure(Kind kind, String system, String operation, int status, Duration retryAfter,
            String message, Throwable cause) {
        this(kind, system, operation, status, retryAfter, message, cause, false);
    }

    private AdapterFailure(Kind kind, String system, String operation, int status, Duration retryAfter,
            String message, Throwable cause, boolean reported) {
        super(system + " " + operation + " failed (" + kind + (status > 0 ? ", HTTP " + status : "") + "): "
                + message, cause);
        this.kind = kind;
        this.system = system;
        this.operation = operation;
        this.status = status;
        this.retryAfter = retryAfter;
        this.detail = message;
        this.reported = reported;
    }

    /**
     * The same failure with another wait and message (null keeps it; GitHub: the time left of the rate-limit hold it
     * started), the original as its cause.
     */
    public AdapterFailure waiting(Duration wait, String message) {
        return new AdapterFailure(kind, system, operation, status, wait, message == null ? detail : message, this,
                reported);
    }

    /**
     * The same failure, marked as already reported by a log line of its own: GitHub's rate-limit hold logs one WARN
     * for every call it holds, so the kernel's one WARN per failed call is left out. It is still counted.
     */
    public AdapterFailure alreadyReported() {
        return reported ? this : new AdapterFailure(kind, system, operation, status, retryAfter, detail, this, true);
    }

    public Kind kind() {
        return kind;
    }

    /** {@code t3}, {@code forgejo}, {@code github} or {@code slack}. */
    public String system() {
        return system;
    }

    public String operation() {
        return operation;
    }

    /** The HTTP status, or 0 when there was no reply. */
    public int status() {
        return status;
    }

    /** How long to wait before calling again; null when the server did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether a log line of its own already reported this failure ({@link #alreadyReported()}). */
    public boolean reported() {
        return reported;
    }
}
