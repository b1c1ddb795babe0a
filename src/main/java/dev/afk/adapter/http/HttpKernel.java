package dev.afk.adapter.http;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.MissingCredential;
import dev.afk.wire.HttpCall;
import dev.afk.wire.HttpReplies;
import dev.afk.wire.HttpReply;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The Java steps of the kernel route template {@code http-call} ({@code routes/http-call.camel.yaml}), bound as
 * {@code httpKernel}: the one missing-URL path, the one reply record, the one status check and the one
 * missing-credential path of every adapter call. The request is the {@link HttpCall} in the variable
 * {@value HttpCall#VARIABLE}; what a step learns it leaves in the variables {@value HttpReply#VARIABLE} and
 * {@value #FAILURE}.
 */
public class HttpKernel {

    /** The exchange variable holding the typed failure of a call while its hooks may still replace it. */
    public static final String FAILURE = "httpFailure";

    private volatile Clock clock;

    public HttpKernel() {}

    /**
     * The missing-URL path: a disarmed plane may leave the system's URL empty and still start every route; a call
     * made anyway fails as BAD_REQUEST naming the variable to set, before any endpoint is resolved.
     */
    public void requireUrl(Exchange exchange, String urlProperty, String urlVariable) {
        String url = exchange.getContext().getPropertiesComponent().resolveProperty(urlProperty).orElse("");
        if (url.isBlank()) {
            HttpCall call = call(exchange);
            throw new AdapterFailure(AdapterFailure.Kind.BAD_REQUEST, call.system(), call.op(), 0, null,
                    urlVariable + " is not set: the " + call.system() + " adapter has no server to call", null);
        }
    }

    /** Leaves the status and the reply's own headers (not Camel's) in {@value HttpReply#VARIABLE}. */
    public void reply(Exchange exchange) {
        Message msg = exchange.getMessage();
        Integer code = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Map<String, String> headers = new LinkedHashMap<>();
        msg.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel") && !name.startsWith("camel")) {
                headers.put(name, value.toString());
            }
        });
        exchange.setVariable(HttpReply.VARIABLE, new HttpReply(code == null ? 0 : code, headers));
    }

    /**
     * Fails the call unless its reply is 2xx or a status the call tolerates: {@link HttpReplies#classify} says
     * how (401/403 name {@code credentialVariable}; 429 and 5xx carry Retry-After).
     */
    public void check(Exchange exchange, String credentialVariable) {
        HttpCall call = call(exchange);
        HttpReply reply = exchange.getVariable(HttpReply.VARIABLE, HttpReply.class);
        int status = reply == null ? 0 : reply.status();
        if ((status >= 200 && status < 300) || call.tolerates(status)) {
            return;
        }
        throw HttpReplies.classify(call.system(), call.op(), credentialVariable, status,
                reply == null ? null : reply.header("Retry-After"),
                reply == null ? null : reply.header("x-ratelimit-remaining"),
                reply == null ? null : reply.header("x-ratelimit-reset"),
                exchange.getMessage().getBody(String.class), now(exchange));
    }

    /**
     * What went wrong, typed, into {@value #FAILURE}: a typed failure as it is; the missing-credential path (a
     * {@link MissingCredential} from inside the HTTP client) as AUTH naming the variable; a transport or parse
     * error through {@link HttpReplies#wrap}.
     */
    public void failure(Exchange exchange, String credentialVariable) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (caught == null) {
            caught = exchange.getException();
        }
        HttpCall call = call(exchange);
        exchange.setVariable(FAILURE, typed(caught, call));
    }

    /** Throws the failure in {@value #FAILURE}: the call leaves as it, and the op route decides about retrying. */
    public void rethrow(Exchange exchange) {
        AdapterFailure failure = exchange.getVariable(FAILURE, AdapterFailure.class);
        exchange.removeVariable(FAILURE);
        if (failure == null) {
            throw new IllegalStateException("the kernel lost the failure of " + call(exchange).op());
        }
        throw failure;
    }

    static AdapterFailure typed(Throwable caught, HttpCall call) {
        if (caught == null) {
            return new AdapterFailure(AdapterFailure.Kind.MALFORMED, call.system(), call.op(), 0, null,
                    "the call failed without an exception", null);
        }
        for (Throwable t = caught; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AdapterFailure typed) {
                return typed;
            }
            if (t instanceof MissingCredential missing) {
                return new AdapterFailure(AdapterFailure.Kind.AUTH, call.system(), call.op(), 0, null,
                        missing.getMessage(), null);
            }
        }
        return HttpReplies.wrap(caught, call.system(), call.op());
    }

    static HttpCall call(Exchange exchange) {
        HttpCall call = exchange.getVariable(HttpCall.VARIABLE, HttpCall.class);
        if (call == null) {
            throw new IllegalStateException("an adapter call needs the variable " + HttpCall.VARIABLE);
        }
        return call;
    }

    /**
     * The plane's clock (bean {@code afkClock}, bound by AfkConfiguration after the YAML beans are made, hence
     * looked up on first use), UTC when there is none.
     */
    Instant now(Exchange exchange) {
        Clock c = clock;
        if (c == null) {
            c = exchange.getContext().getRegistry().lookupByNameAndType("afkClock", Clock.class);
            clock = c = c == null ? Clock.systemUTC() : c;
        }
        return c.instant();
    }
}
