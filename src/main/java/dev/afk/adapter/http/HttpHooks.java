package dev.afk.adapter.http;

import org.apache.camel.Exchange;

/**
 * Where a system's quirks plug into the kernel route ({@code routes/http-call.camel.yaml}): one bean per system,
 * named by the {@code hooks} parameter of its {@code templatedRoute}. Each method is one visible step of the kernel;
 * the request is the variable {@code httpCall}, the reply the variable {@code httpReply} and the body, the typed
 * failure the variable {@code httpFailure}. T3 and Forgejo use {@link NoHttpHooks}; GitHub's ETag cache and
 * rate-limit hold are {@link GitHubHooks}.
 */
public interface HttpHooks {

    /** Before the request is sent: may add headers, or refuse the call by throwing an AdapterFailure. */
    void request(Exchange exchange);

    /** After the reply arrived, before its status is judged: may answer it otherwise (a 304 from a cache). */
    void reply(Exchange exchange);

    /** After a 2xx or tolerated reply: may shape the body the op route gets (GitHub parses the JSON). */
    void answer(Exchange exchange);

    /** After the call failed, with the typed failure in {@code httpFailure}: may replace it. */
    void failed(Exchange exchange);
}
