package dev.afk.wire;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The HTTP client set-up of the {@code forgejo-http} endpoint: the tracker token (delegated to the {@code trackerAuth}
 * bean, which reads its file on every request) and no automatic re-execution by HttpClient.
 *
 * <p>Why: HttpClient 5 by default re-sends a request that got 429 or 503, after waiting out the Retry-After,
 * whatever the method. That would repeat a comment creation, block a tick for a two-minute Retry-After, and double
 * every bounded retry of the route. Retrying is the route's decision alone (idempotent calls, transient kinds).
 * Setting {@code camel.component.http.automaticRetriesDisabled=true} globally would do the same for every adapter.
 *
 * <p>The auth bean is looked up when the client is built, not when this bean is: route files (and their
 * {@code beans:}) are read before {@code AfkConfiguration} binds {@code trackerAuth}.
 */
public class ForgejoHttpClient implements HttpClientConfigurer, CamelContextAware {

    private CamelContext camelContext;
    private String authBean = "trackerAuth";

    public ForgejoHttpClient() {}

    /** Name of the registry bean adding {@code Authorization}. */
    public void setAuthBean(String authBean) {
        this.authBean = authBean;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        HttpClientConfigurer auth = camelContext.getRegistry().lookupByNameAndType(authBean, HttpClientConfigurer.class);
        if (auth == null) {
            throw new IllegalStateException("no HTTP client configurer '" + authBean + "' in the registry");
        }
        auth.configureHttpClient(builder);
    }
}
