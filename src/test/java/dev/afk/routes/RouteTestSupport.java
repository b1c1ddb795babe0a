package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.afk.AfkApplication;
import dev.afk.adapter.AdapterFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.component.micrometer.MicrometerComponent;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.io.TempDir;

/**
 * How every route test starts AFK: the real application (Camel Main with its package scan and beans) loading only
 * the route files the test names, with JMX off and both quartz ticks pushed to 2099 so nothing but the test calls a
 * route. A subclass names its route files and adds its own properties in {@link #configure}; {@code template} and
 * {@code context} come from {@link CamelMainTestSupport}, which starts a fresh plane for every test.
 */
abstract class RouteTestSupport extends CamelMainTestSupport {

    static final String NEVER = "0 0 0 1 1 ? 2099";

    /** Where the tests of one class keep their token files (and anything else they write). */
    @TempDir
    static Path dir;

    /**
     * Names under {@code classpath:routes/} without {@code .camel.yaml} ("t3", "doorbell"). Called from the
     * constructor of {@link CamelMainTestSupport}, before any field of the subclass is set: answer with constants.
     */
    abstract List<String> routeFiles();

    /**
     * The test's own properties, on top of the route files, JMX off and the far-future crons. Called at the same
     * early moment as {@link #routeFiles()}: only static state (set up in {@code @BeforeAll}) is there yet. None by
     * default: a disarmed plane, as shipped.
     */
    protected void configure(Properties p) {
    }

    @Override
    protected final Class<?> getMainClass() {
        return AfkApplication.class;
    }

    @Override
    public final void configureContext(CamelContextConfiguration camelContextConfiguration) {
        super.configureContext(camelContextConfiguration);
        camelContextConfiguration.withUseOverridePropertiesWithPropertiesComponent(overrides());
    }

    private Properties overrides() {
        Properties p = new Properties();
        p.put("camel.main.routesIncludePattern", withKernel(routeFiles()).stream()
                .map(f -> "classpath:routes/" + f + ".camel.yaml").collect(Collectors.joining(",")));
        p.put("camel.management.enabled", "false");
        p.put("afk.poll-cron", NEVER);
        p.put("afk.watch-cron", NEVER);
        configure(p);
        return p;
    }

    /** The adapter files instantiate the kernel route template of {@code http-call}: it comes with them. */
    static List<String> withKernel(List<String> files) {
        boolean adapter = files.stream().anyMatch(f -> f.equals("t3") || f.startsWith("tracker-"));
        if (!adapter || files.contains(KERNEL)) {
            return files;
        }
        List<String> all = new java.util.ArrayList<>();
        all.add(KERNEL);
        all.addAll(files);
        return all;
    }

    /** The route file of the HTTP kernel (the {@code http-call} template and the {@code adapter-retry} configuration). */
    static final String KERNEL = "http-call";

    /** Writes {@code token} (newline-terminated, as an operator's editor leaves it) to a file in {@link #dir}. */
    static Path tokenFile(String name, String token) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, token + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The typed failure a route call left with; fails the test when the call did not fail that way. */
    static AdapterFailure failureOf(Runnable call) {
        CamelExecutionException e = catchThrowableOfType(CamelExecutionException.class, call::run);
        assertThat(e).as("the call should have failed").isNotNull();
        assertThat(e.getCause()).isInstanceOf(AdapterFailure.class);
        return (AdapterFailure) e.getCause();
    }

    MeterRegistry meters() {
        return context.getComponent("micrometer", MicrometerComponent.class).getMetricsRegistry();
    }

    /** A counter's value, 0 while it has never counted. {@code tags} are name/value pairs. */
    double counted(String meter, String... tags) {
        Counter c = meters().find(meter).tags(tags).counter();
        return c == null ? 0.0 : c.count();
    }
}
