package dev.afk.plane;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * Adds {@code Authorization: <scheme> <token>} to every request of the endpoints that name it
 * ({@code httpClientConfigurer=#t3Auth} / {@code #trackerAuth}), reading the token file at request time.
 *
 * <p>Why not a Camel header: a header lives on the exchange, so Hawtio's backlog tracer, the log EIP and error
 * reports could all print it. Set inside the HTTP client, the token never exists on the exchange, and a rotated
 * file takes effect on the very next request. HttpClient's own header/wire loggers are pinned to INFO in
 * log4j2.properties so a DEBUG root level does not print it either.
 */
public class TokenFileAuth implements HttpClientConfigurer {

    private final String file;
    private final String variable;
    private final String scheme;

    /**
     * @param file     the token file ({@code AFK_T3_TOKEN_FILE} or {@code AFK_TRACKER_TOKEN_FILE})
     * @param variable that variable's name, for error messages
     * @param scheme   {@code Bearer} (T3, GitHub) or {@code token} (Forgejo)
     */
    public TokenFileAuth(String file, String variable, String scheme) {
        this.file = file;
        this.variable = variable;
        this.scheme = scheme;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addRequestInterceptorLast((request, entity, context) ->
                request.setHeader(HttpHeaders.AUTHORIZATION, scheme + " " + TokenFiles.read(file, variable)));
    }
}
