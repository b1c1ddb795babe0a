package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.ListIssues;
import dev.afk.core.RepoRef;
import java.util.List;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A disarmed plane with no configuration at all (no AFK_TRACKER_URL, no token file) still starts the GitHub routes:
 * the disarmed plane loads every route file and simply never calls them.
 */
class GitHubRoutesDisarmedTest extends RouteTestSupport {

    @Override
    List<String> routeFiles() {
        return List.of("tracker-github");
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
