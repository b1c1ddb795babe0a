package dev.afk;

import org.apache.camel.main.Main;

/**
 * Starts AFK: Camel Main with the YAML routes of {@code routes/}. Exits non-zero when the configuration is invalid,
 * naming the variable to fix.
 */
public final class AfkApplication {

    private AfkApplication() {}

    public static void main(String[] args) throws Exception {
        Main main = new Main(AfkApplication.class);
        int code = main.run(args);
        if (code != 0 || main.getCamelContext() == null) {
            System.exit(code != 0 ? code : 1);
        }
    }
}
