package dev.afk.e2e;

import dev.afk.AfkApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The real AFK application (Camel Main, the real YAML routes, real HTTP) started in-process for one test. Quartz
 * crons are set far in the future; the test runs ticks itself through the tick routes, so nothing waits on a timer.
 */
final class Plane implements AutoCloseable {

    static final String NEVER = "0 0 0 1 1 ? 2099";

    private final Main main;
    private final ProducerTemplate producer;

    private Plane(Main main) {
        this.main = main;
        this.producer = main.getCamelContext().createProducerTemplate();
    }

    static Plane start(Map<String, String> afkProperties, Clock clock) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("afk.poll-cron", NEVER);
        p.put("afk.watch-cron", NEVER);
        p.put("camel.management.enabled", "false");
        p.put("afk.http.retry-delay-ms", "5");
        p.put("afk.http-response-timeout-ms", "3000");
        p.putAll(afkProperties);
        Main main = new Main(AfkApplication.class);
        main.bind("afkClock", clock);
        p.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("the plane did not start", e);
        }
        return new Plane(main);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void poll() {
        producer.sendBody("direct:afk-poll-tick", null);
    }

    void watch() {
        producer.sendBody("direct:afk-watch-tick", null);
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        try {
            producer.close();
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
