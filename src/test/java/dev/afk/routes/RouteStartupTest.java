package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route file at once, as production loads them, with both URLs set so the routes that exist only with a
 * URL (forgejo-call, t3-call) are there too: starting them logs no deprecation warning (Camel warns once per
 * deprecated construct, e.g. {@code not contains} in a simple expression or {@code tags=} in a micrometer URI).
 */
class RouteStartupTest extends RouteTestSupport {

    private static final Pattern DEPRECATION = Pattern.compile("(?i)deprecat");

    static CapturedLogs logs;

    /** Attached before the plane of the first test starts (CamelMainTestSupport starts it before each test). */
    @BeforeAll
    static void captureTheStart() {
        logs = CapturedLogs.attach();
    }

    @AfterAll
    static void release() {
        if (logs != null) {
            logs.close();
        }
    }

    @Override
    List<String> routeFiles() {
        return RouteFiles.all().stream().map(f -> RouteFiles.name(f).replace(".camel.yaml", "")).toList();
    }

    @Override
    protected void configure(Properties p) {
        // Never called: the crons are in 2099 and nothing sends to the adapters. Port 9 is discard.
        p.put("afk.tracker-url", "http://127.0.0.1:9/api/v1");
        p.put("afk.t3-url", "http://127.0.0.1:9");
    }

    @Test
    void startingEveryRouteLogsNoDeprecationWarning() {
        assertThat(context.getRoute("forgejo-call")).as("the routes behind a URL precondition are loaded").isNotNull();
        assertThat(context.getRoute("t3-call")).isNotNull();
        assertThat(context.getRoute("github-call")).isNotNull();
        assertThat(logs.lines()).as("log lines of the start").isNotEmpty();

        // Camel's own loggers (and AFK's): another test of this class may have logged since, e.g. a JSON schema.
        assertThat(logs.lines()).filteredOn(l -> l.level().isMoreSpecificThan(Level.WARN))
                .filteredOn(l -> l.logger().startsWith("org.apache.camel") || l.logger().startsWith("dev.afk"))
                .filteredOn(l -> DEPRECATION.matcher(l.text()).find())
                .as("deprecation warnings while starting every route")
                .isEmpty();
    }
}
