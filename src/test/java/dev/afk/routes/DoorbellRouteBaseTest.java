package dev.afk.routes;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared set-up of the doorbell route tests: the real {@code routes/doorbell.camel.yaml} (and nothing else) with the
 * webhook URL the test names, and the log lines of each test captured (the URL's secret part must never be logged).
 */
abstract class DoorbellRouteBaseTest extends RouteTestSupport {

    CapturedLogs logs;

    @Override
    List<String> routeFiles() {
        return List.of("doorbell");
    }

    /** {@code afk.slack-webhook-url} for this test class. */
    abstract String webhookUrl();

    @Override
    protected void configure(Properties p) {
        p.put("afk.slack-webhook-url", webhookUrl());
    }

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.attach();
    }

    @AfterEach
    void detachLogs() {
        if (logs != null) {
            logs.close();
        }
    }

    /** The afk.doorbell.failures counter of one kind (0 when it never counted). */
    double failures(String kind) {
        return counted("afk.doorbell.failures", "kind", kind);
    }
}
