package dev.afk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every document the code and the docs cite is in the repository, and so is every section they cite.
 *
 * <p>A citation is a path ending in {@code .md} (from the repository root, or relative to the citing file's folder,
 * as a Markdown link is), optionally followed by sections: {@code docs/ARCHITECTURE.md §4.2},
 * {@code docs/reference/trackers.md §2-§13}, {@code docs/reference/t3-orchestration.md §5, §6, §9}. Scanned: every
 * text file under {@code src/}, {@code routes/}, {@code k8s/}, {@code docs/}, {@code .ci/}, plus {@code README.md}
 * and {@code Containerfile}.
 *
 * <p>How sections are numbered: a Markdown heading (outside code fences) whose text starts with the number, with or
 * without a trailing dot, at any level: {@code ## 4. Run lifecycle} is §4, {@code ### 4.2 The rungs} and
 * {@code ## 2.1 Exactly-once dispatch} are §4.2 and §2.1. A cited §N must be such a heading of the cited file.
 * A bare {@code §N} with no file before it (a comment continuing the citation of the line above) is not checked.
 */
class DocCitationsTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final List<String> SCANNED = List.of("src", "routes", "k8s", "docs", ".ci", "README.md", "Containerfile");
    /** This file, whose examples of bad citations are on purpose. */
    static final String SELF = "src/test/java/dev/afk/DocCitationsTest.java";

    static final String SECTION = "§\\d+(?:\\.\\d+)*";
    static final Pattern CITATION = Pattern.compile(
            "(?<![\\w./-])((?:\\.\\./|[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]*[A-Za-z0-9_-]\\.md)(?![\\w-])"
                    + "((?:\\s*" + SECTION + ")(?:\\s*(?:,|–|-|and)\\s*" + SECTION + ")*)?");
    static final Pattern SECTION_NUMBER = Pattern.compile("§(\\d+(?:\\.\\d+)*)");
    static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(\\d+(?:\\.\\d+)*)\\.?(?:\\s|$)");
    static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

    /**
     * Mentions of a {@code .md} name that are not citations of a repository file, each with why. Every entry must
     * still occur (a stale entry fails), so this list cannot quietly hide a dangling citation later.
     */
    static final Map<String, String> NOT_CITATIONS = Map.of(
            "src/test/java/dev/afk/e2e/TickCostBenchmark.java|tick-cost-benchmark.md",
            "the benchmark's output file, written under target/ by the run",
            "docs/benchmark.md|target/tick-cost-benchmark.md",
            "the benchmark's output file, written by the run",
            "src/test/java/dev/afk/e2e/WebhookBenchmark.java|webhook-benchmark.md",
            "the webhook benchmark's output file, written under target/ by the run",
            "docs/benchmark.md|target/webhook-benchmark.md",
            "the webhook benchmark's output file, written by the run",
            "docs/reference/trackers.md|CHANGELOG.md",
            "an upstream source the reference was checked against (github/rest-api-description)",
            "docs/reference/trackers.md|data/reusables/rest-api/secondary-rate-limit-rest-graphql.md",
            "an upstream source the reference was checked against (github/docs)",
            "src/test/resources/contracts/t3-schemas/dispatch-command.schema.json|t3-control.md",
            "a verbatim copy of the shared schema, which names its sibling: docs/reference/t3-control.md");

    record Problem(String file, int line, String citation, String why) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + citation + " — " + why;
        }
    }

    @Test
    void everyCitedDocumentAndSectionIsInTheRepository() {
        List<Problem> problems = new ArrayList<>();
        Set<String> exemptionsUsed = new LinkedHashSet<>();
        int citations = 0;
        for (Path file : scannedFiles()) {
            String rel = rel(file);
            Optional<String> text = readText(file);
            if (rel.equals(SELF) || text.isEmpty()) {
                continue;
            }
            for (Problem p : problems(rel, text.get(), DocCitationsTest::readRepoFile)) {
                String key = rel + "|" + p.citation().split("\\s")[0];
                if (NOT_CITATIONS.containsKey(key) && p.why().startsWith("no such file")) {
                    exemptionsUsed.add(key);
                } else {
                    problems.add(p);
                }
            }
            citations += count(text.get());
        }
        assertThat(citations).as("citations found (the scan sees the tree)").isGreaterThan(60);
        assertThat(problems).as("dangling citations").isEmpty();
        assertThat(new TreeSet<>(NOT_CITATIONS.keySet())).as("exemptions that no longer occur")
                .containsExactlyElementsOf(new TreeSet<>(exemptionsUsed));
    }

    @Test
    void theCheckerFindsAMissingFileAndAMissingSection() {
        Map<String, String> repo = Map.of(
                "docs/guide.md", "# Guide\n\n## 1. Intro\n\n## 2.1 Ids\n\n```\n## 7. inside a fence\n```\n### 4.2 Rungs\n",
                "docs/notes.md", "no headings");
        Function<String, Optional<String>> reader = p -> Optional.ofNullable(repo.get(p));

        assertThat(problems("src/A.java", "// see docs/guide.md §1, §2.1 and §4.2; docs/notes.md", reader)).isEmpty();
        assertThat(problems("docs/other.md", "[guide](guide.md), see guide.md §1–§2.1", reader)).as("relative to the citing file")
                .isEmpty();

        List<Problem> bad = problems("src/B.java",
                "/** (nowhere.md §3), docs/guide.md §2, docs/guide.md §7, ../../outside.md */", reader);
        assertThat(bad).extracting(Problem::citation)
                .containsExactly("nowhere.md §3", "docs/guide.md §2", "docs/guide.md §7", "../../outside.md");
        assertThat(bad).extracting(Problem::why).containsExactly(
                "no such file in the repository",
                "docs/guide.md has no heading numbered 2",
                "docs/guide.md has no heading numbered 7",
                "no such file in the repository");
        assertThat(bad.get(0).line()).isEqualTo(1);
    }

    @Test
    void headingsAreNumberedByTheirLeadingNumber() {
        assertThat(headings("## 4. Run lifecycle\n### 4.2 `RunStateMachine`\n## 2.1 Exactly-once\n# 10 Ten\n"
                + "## Not numbered\n#### 3.3 Resend\n##5. no space\n"))
                .containsExactlyInAnyOrder("4", "4.2", "2.1", "10", "3.3");
    }

    // ---- the checker (pure over a reader of repository files) ----

    /** The dangling citations of one file's text; {@code reader} answers a repository path's content, if any. */
    static List<Problem> problems(String citingFile, String text, Function<String, Optional<String>> reader) {
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = CITATION.matcher(lines[i]);
            while (m.find()) {
                String cited = m.group(1);
                String citation = m.group(0).strip();
                String path = null;
                String content = null;
                for (String candidate : candidates(citingFile, cited)) {
                    Optional<String> found = reader.apply(candidate);
                    if (found.isPresent()) {
                        path = candidate;
                        content = found.get();
                        break;
                    }
                }
                if (path == null) {
                    problems.add(new Problem(citingFile, i + 1, citation, "no such file in the repository"));
                    continue;
                }
                Set<String> headings = headings(content);
                if (m.group(2) != null) {
                    Matcher s = SECTION_NUMBER.matcher(m.group(2));
                    while (s.find()) {
                        if (!headings.contains(s.group(1))) {
                            problems.add(new Problem(citingFile, i + 1, citation,
                                    path + " has no heading numbered " + s.group(1)));
                        }
                    }
                }
            }
        }
        return problems;
    }

    /**
     * The repository paths a citation may name, in order: from the root, then relative to the citing file's folder
     * (as a Markdown link is). A path that climbs out of the repository is no candidate.
     */
    static List<String> candidates(String citingFile, String cited) {
        String folder = citingFile.contains("/") ? citingFile.substring(0, citingFile.lastIndexOf('/') + 1) : "";
        return Stream.of(normalise(cited), normalise(folder + cited)).filter(c -> c != null).distinct().toList();
    }

    /** A path without {@code .} and {@code ..} segments; null when it climbs out of the repository. */
    static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** The section numbers of a Markdown text: its headings that start with a number, outside code fences. */
    static Set<String> headings(String markdown) {
        Set<String> numbers = new LinkedHashSet<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.find()) {
                numbers.add(m.group(1));
            }
        }
        return numbers;
    }

    static int count(String text) {
        int n = 0;
        Matcher m = CITATION.matcher(text);
        while (m.find()) {
            n++;
        }
        return n;
    }

    // ---- the repository ----

    static List<Path> scannedFiles() {
        List<Path> files = new ArrayList<>();
        for (String entry : SCANNED) {
            Path p = ROOT.resolve(entry);
            if (Files.isRegularFile(p)) {
                files.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    files.addAll(walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        assertThat(files).as("files to scan").isNotEmpty();
        return files;
    }

    /** The content of a repository file, if it is one. */
    /** A file of the repository: build output under {@code target/} is not (it exists only after some builds). */
    static Optional<String> readRepoFile(String path) {
        Path p = ROOT.resolve(path).normalize();
        return p.startsWith(ROOT) && !p.startsWith(ROOT.resolve("target")) && Files.isRegularFile(p) ? readText(p)
                : Optional.empty();
    }

    static Optional<String> readText(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty(); // not text
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String rel(Path file) {
        return ROOT.relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }
}
