package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import java.util.List;
import java.util.Map;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

/**
 * With no T3 configuration at all (the shipped, disarmed plane) the T3 routes still load and start, the call route
 * included (one route, no twin behind a precondition); a call made anyway is the kernel's missing-URL failure.
 */
class T3RoutesDisarmedTest extends RouteTestSupport {

    @Override
    List<String> routeFiles() {
        return List.of("t3");
    }

    @Test
    void theRoutesStartWithoutAT3UrlAndACallFailsNamingTheVariable() {
        assertThat(context.getRoutes()).extracting(Route::getRouteId)
                .contains("t3-dispatch", "t3-turn", "t3-fleet", "t3-thread", "t3-call")
                .doesNotContain("t3-call-unconfigured");
        context.getRoutes().forEach(r -> assertThat(context.getRouteController().getRouteStatus(r.getRouteId()))
                .as(r.getRouteId()).isEqualTo(org.apache.camel.ServiceStatus.Started));

        AdapterFailure f = failureOf(() -> template.requestBody("direct:t3-fleet", null, Map.class));

        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.BAD_REQUEST);
        assertThat(f.getMessage()).contains("AFK_T3_URL");
        assertThat(f.system()).isEqualTo("t3");
        assertThat(f.operation()).isEqualTo("fleet");
    }
}
