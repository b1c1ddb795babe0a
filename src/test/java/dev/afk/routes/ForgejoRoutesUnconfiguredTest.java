package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.core.IssueKey;
import java.util.List;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

/**
 * A disarmed plane loads every route file and calls none: the Forgejo routes must start with no tracker URL and no
 * token file (the shipped defaults).
 */
class ForgejoRoutesUnconfiguredTest extends RouteTestSupport {

    @Override
    List<String> routeFiles() {
        return List.of("tracker-forgejo");
    }

    @Test
    void everyForgejoRouteStartsWithoutATrackerUrlOrToken() {
        assertThat(context.resolvePropertyPlaceholders("{{afk.tracker-url}}")).isEmpty();
        assertThat(context.getRoutes()).extracting(r -> r.getRouteId()).contains("forgejo-call",
                "forgejo-list-issues",
                "forgejo-get-issue", "forgejo-add-label", "forgejo-remove-label", "forgejo-find-afk-comment",
                "forgejo-write-afk-comment", "forgejo-close-issue", "forgejo-labeler", "forgejo-commit-exists",
                "forgejo-ci-verdict", "forgejo-deploy-verdict", "forgejo-default-head")
                .doesNotContain("forgejo-call-unconfigured"); // one call route, no twin behind a precondition
        context.getRoutes().forEach(r ->
                assertThat(context.getRouteController().getRouteStatus(r.getRouteId())).isEqualTo(ServiceStatus.Started));
    }

    @Test
    void anOpCalledAnywayFailsAsATypedFailureNamingTheVariable() {
        try {
            template.requestBody("direct:forgejo-get-issue", IssueKey.of("acme/widgets", 1));
            throw new AssertionError("no failure");
        } catch (CamelExecutionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(AdapterFailure.class, f -> {
                assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.BAD_REQUEST);
                assertThat(f.getMessage()).contains("AFK_TRACKER_URL");
            });
        }
    }
}
