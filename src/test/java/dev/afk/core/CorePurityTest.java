package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cores stay pure: no Camel, Jackson or java.net, and no clock, environment or randomness that is not passed
 * in. Checked on the source text, so a new file in the package is covered without being listed.
 */
class CorePurityTest {

    private static final Path CORE = Path.of("src/main/java/dev/afk/core");

    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("^import\\s+(static\\s+)?org\\.apache\\.camel", Pattern.MULTILINE),
            Pattern.compile("^import\\s+(static\\s+)?com\\.fasterxml", Pattern.MULTILINE),
            Pattern.compile("^import\\s+(static\\s+)?java\\.net", Pattern.MULTILINE),
            Pattern.compile("\\bjava\\.net\\."),
            Pattern.compile("\\b(Instant|LocalDateTime|LocalDate|ZonedDateTime|OffsetDateTime)\\.now\\("),
            Pattern.compile("\\bClock\\.system"),
            Pattern.compile("\\bSystem\\.(currentTimeMillis|nanoTime|getenv|getProperty|getProperties)\\("),
            Pattern.compile("\\bUUID\\.randomUUID\\("),
            Pattern.compile("\\bMath\\.random\\("),
            Pattern.compile("\\bnew\\s+(Secure)?Random\\("),
            Pattern.compile("\\bThreadLocalRandom\\b"),
            Pattern.compile("\\bjava\\.nio\\.file\\."),
            Pattern.compile("^import\\s+java\\.nio\\.file", Pattern.MULTILINE));

    @Test
    void noCoreClassImportsCamelJacksonOrJavaNetOrReadsTheClockTheEnvironmentOrRandomness() throws IOException {
        List<String> offences = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.list(CORE)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("core sources found").hasSizeGreaterThan(20);
        for (Path source : sources) {
            String text = Files.readString(source);
            for (Pattern p : FORBIDDEN) {
                if (p.matcher(text).find()) {
                    offences.add(source.getFileName() + ": " + p.pattern());
                }
            }
        }
        assertThat(offences).isEmpty();
    }

    @Test
    void theCheckWouldCatchAnOffence() {
        String impure = "package dev.afk.core;\nimport org.apache.camel.Exchange;\nclass X { Object t = Instant.now(); }";
        assertThat(FORBIDDEN.stream().filter(p -> p.matcher(impure).find()).count()).isEqualTo(2);
    }
}
