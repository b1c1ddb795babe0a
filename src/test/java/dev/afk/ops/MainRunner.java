package dev.afk.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * Starts a real Camel Main without blocking, the way {@code java -jar afk.jar} would, so the ops tests exercise what
 * production runs (property files, profiles, configurations, the management server) rather than a test harness.
 */
final class MainRunner implements AutoCloseable {

    private final Main main;

    private MainRunner(Main main) {
        this.main = main;
    }

    /**
     * @param ownPropertiesOnly true to skip {@code application.properties} (only {@code overrides} apply)
     * @param configurations    the configurations to add (no base-package scan, so other packages' test classes
     *                          cannot leak in)
     */
    @SafeVarargs
    static MainRunner start(Map<String, String> overrides, boolean ownPropertiesOnly,
            Class<? extends CamelConfiguration>... configurations) throws Exception {
        Main main = new Main();
        if (ownPropertiesOnly) {
            main.setDefaultPropertyPlaceholderLocation("false");
        }
        main.configure().setBasePackageScanEnabled(false);
        for (Class<? extends CamelConfiguration> c : configurations) {
            main.configure().addConfiguration(c);
        }
        overrides.forEach(main::addOverrideProperty);
        main.start();
        if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            main.stop();
            throw new IllegalStateException("Camel Main did not start");
        }
        return new MainRunner(main);
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
