package dev.afk.adapter;

import dev.afk.core.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tracker dialects AFK speaks. The registry is {@link Config.Tracker}, one constant per dialect, because that is
 * where {@code AFK_TRACKER} is validated and {@code dev.afk.core} must not import this package; everything else about
 * a dialect follows from its id by convention: the property value {@code afk.tracker=<id>}, the route file
 * {@code routes/tracker-<id>.camel.yaml} and its op routes {@code direct:<id>-<op>} ({@link TrackerOp}).
 * {@code TrackerContractRoutesTest} checks that every constant has its route file and every route file its constant.
 */
public final class TrackerDialects {

    private TrackerDialects() {}

    /** Every registered dialect, in declaration order. */
    public static List<Config.Tracker> all() {
        return List.of(Config.Tracker.values());
    }

    /** The dialect's id: the value of {@code afk.tracker} that selects it, and its routes' prefix. */
    public static String id(Config.Tracker dialect) {
        return dialect.name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Config.Tracker> byId(String id) {
        return Arrays.stream(Config.Tracker.values()).filter(t -> id(t).equals(id)).findFirst();
    }

    /** The file under {@code routes/} that implements the dialect. */
    public static String routeFile(Config.Tracker dialect) {
        return "tracker-" + id(dialect) + ".camel.yaml";
    }

    /** The route implementing {@code op} in {@code dialect}: {@code direct:<id>-<suffix>}. */
    public static String endpoint(Config.Tracker dialect, TrackerOp op) {
        return "direct:" + id(dialect) + "-" + op.suffix();
    }
}
