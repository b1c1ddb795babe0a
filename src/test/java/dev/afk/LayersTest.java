package dev.afk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of {@code src/main/java/dev/afk}, lowest first; a class may use its own layer and the ones below,
 * never one above:
 * <ol>
 *   <li>{@code dev.afk.core}: the pure domain (records, policies, state machines; see CorePurityTest).</li>
 *   <li>{@code dev.afk.adapter}: the adapter contract, the records the ticks send to and get from the adapter
 *       routes ({@code DispatchRequest}, {@code IssueListing}, {@code AdapterFailure}, …). No Camel.</li>
 *   <li>{@code dev.afk.wire}: pure mapping between the contract and each system's wire format: requests as
 *       {@code HttpCall}s, replies parsed, the one retry rule ({@code Retries}). No Camel, no Micrometer, nothing of
 *       the layers above.</li>
 *   <li>{@code dev.afk.adapter.http}: the Camel glue of the HTTP kernel ({@code routes/http-call.camel.yaml}): its
 *       Java steps, the retry predicate, and the hooks of each system (GitHub's ETag cache and rate limits).</li>
 *   <li>{@code dev.afk.plane}: the ticks' beans, configuration and metrics, and {@code dev.afk} itself.</li>
 * </ol>
 * {@code dev.afk.sim} (simulators and the sandbox, test code in {@code src/test/java}) stands outside the layers. Checked on the source text, every
 * {@code dev.afk.…} and {@code org.apache.camel…} name a file mentions (imports and fully qualified names alike), so a
 * new file is covered without being listed.
 */
class LayersTest {

    static final Path MAIN = Path.of("src/main/java");

    /** Layer of a package, by its longest known prefix; -1 outside the layers. */
    static final Map<String, Integer> LAYERS = Map.of(
            "dev.afk.core", 0,
            "dev.afk.adapter", 1,
            "dev.afk.wire", 2,
            "dev.afk.adapter.http", 3,
            "dev.afk.plane", 4,
            "dev.afk", 4);

    static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    /** A package of ours: dev.afk.x[.y] up to the first class name, or dev.afk itself before a class name. */
    static final Pattern DEV_AFK = Pattern.compile("\\bdev\\.afk(?:\\.[a-z][a-z0-9]*)+|\\bdev\\.afk(?=\\.[A-Z])");
    static final Pattern CAMEL = Pattern.compile("\\borg\\.apache\\.camel\\b");
    static final Pattern MICROMETER = Pattern.compile("\\bio\\.micrometer\\b");

    @Test
    void noClassUsesALayerAboveItsOwn() {
        List<String> offences = new ArrayList<>();
        for (Path source : sources()) {
            offences.addAll(upward(MAIN.relativize(source).toString(), read(source)));
        }
        assertThat(offences).isEmpty();
    }

    @Test
    void wireAndTheContractArePureMappingWithoutCamel() {
        List<String> offences = new ArrayList<>();
        int wire = 0;
        for (Path source : sources()) {
            String text = read(source);
            String pkg = pkg(text);
            if (pkg.equals("dev.afk.wire") || pkg.equals("dev.afk.adapter")) {
                wire += pkg.equals("dev.afk.wire") ? 1 : 0;
                offences.addAll(impure(MAIN.relativize(source).toString(), text));
            }
        }
        assertThat(wire).as("wire sources found").isGreaterThan(15);
        assertThat(offences).isEmpty();
    }

    /** The checks can fail: an upward name and a Camel import are offences. */
    @Test
    void theChecksWouldCatchAnOffence() {
        String wire = "package dev.afk.wire;\nimport org.apache.camel.Exchange;\nimport dev.afk.plane.HttpReplies;\n"
                + "class X { Object o = dev.afk.adapter.http.HttpKernel.class; dev.afk.core.Issue i; }";
        assertThat(upward("X.java", wire)).hasSize(2)
                .anyMatch(o -> o.contains("dev.afk.plane")).anyMatch(o -> o.contains("dev.afk.adapter.http"));
        assertThat(impure("X.java", wire)).hasSize(1);
        String core = "package dev.afk.core;\nimport dev.afk.adapter.AdapterFailure;\nclass Y { String s = \"urn:dev.afk:x\"; }";
        assertThat(upward("Y.java", core)).singleElement().asString().contains("dev.afk.adapter");
        assertThat(upward("Z.java", "package dev.afk.plane;\nimport dev.afk.wire.HttpCall;\nclass Z {}")).isEmpty();
    }

    static List<String> upward(String file, String text) {
        String pkg = pkg(text);
        int own = layer(pkg);
        List<String> offences = new ArrayList<>();
        if (own < 0) {
            return offences;
        }
        Matcher m = DEV_AFK.matcher(text.substring(text.indexOf(';') + 1)); // after the package line
        while (m.find()) {
            String name = m.group(); // a package: the pattern stops before the first class name
            int used = layer(name);
            if (used > own) {
                offences.add(file + " (" + pkg + ", layer " + own + ") uses " + name + " (layer " + used + ")");
            }
        }
        return offences.stream().distinct().toList();
    }

    static List<String> impure(String file, String text) {
        List<String> offences = new ArrayList<>();
        if (CAMEL.matcher(text).find()) {
            offences.add(file + " uses Camel");
        }
        if (MICROMETER.matcher(text).find()) {
            offences.add(file + " uses Micrometer");
        }
        return offences;
    }

    static int layer(String pkg) {
        String best = null;
        for (String prefix : LAYERS.keySet()) {
            if ((pkg.equals(prefix) || pkg.startsWith(prefix + ".")) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null || pkg.equals("dev.afk.sim") || pkg.startsWith("dev.afk.sim.")) {
            return -1;
        }
        return LAYERS.get(best);
    }

    static String pkg(String text) {
        Matcher m = PACKAGE.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    static List<Path> sources() {
        try (Stream<Path> files = Files.walk(MAIN.resolve("dev/afk"))) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            assertThat(found).as("main sources").hasSizeGreaterThan(50);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
