package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.AfkApplication;
import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.ListIssues;
import dev.afk.core.RepoRef;
import java.util.Properties;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;

/**
 * A disarmed plane with no configuration at all (no AFK_TRACKER_URL, no token file) still starts the GitHub routes:
 * the disarmed plane loads every route file and simply never calls them.
 */
class GitHubRoutesDisarmedTest extends CamelMainTestSupport {

    @Override
    protected Class<?> getMainClass() {
        return AfkApplication.class;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("camel.main.routesIncludePattern", "classpath:routes/tracker-github.camel.yaml");
        p.put("camel.management.enabled", "false");
        // ClusterConfiguration (not ours) injects these without a usable default
        p.put("afk.leader-prefix", "");
        p.put("afk.cluster-file-root", "");
        return p;
    }

    @Test
    void theRoutesStartWithoutATrackerUrl() {
        assertThat(context.getRouteController().getRouteStatus("github-list-issues").isStarted()).isTrue();
        assertThat(context.getRouteController().getRouteStatus("github-call").isStarted()).isTrue();
    }

    @Test
    void aCallWithoutConfigurationFailsTypedInsteadOfCallingAnywhere() {
        try {
            template.requestBody("direct:github-list-issues", new ListIssues(RepoRef.parse("acme/widgets"), "x"));
            throw new AssertionError("expected a failure");
        } catch (CamelExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(AdapterFailure.class);
            assertThat(((AdapterFailure) e.getCause()).kind()).isEqualTo(AdapterFailure.Kind.BAD_REQUEST);
            assertThat(e.getCause().getMessage()).contains("AFK_TRACKER_URL");
        }
    }
}
