package dev.afk.wire;

/** A T3 reply that is valid JSON but not the shape the contract promises; the adapter reports it as MALFORMED. */
public class T3WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;


    public T3WireException(String message) {
        super(message);
    }
}
