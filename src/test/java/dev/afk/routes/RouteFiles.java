package dev.afk.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The route files as a person edits them: every {@code routes/*.camel.yaml} of the working tree (Surefire runs in
 * the module root), read as the JSON tree the Camel YAML DSL schema and Kaoto see. A quoted scalar stays a string
 * and a plain {@code true} or {@code 3} becomes a boolean or a number, as in YAML 1.2.
 */
final class RouteFiles {

    static final Path DIR = Path.of("routes");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RouteFiles() {}

    /** Every route file, sorted by name; fails when there are none (the test would then check nothing). */
    static List<Path> all() {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no route files under " + DIR.toAbsolutePath());
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not readable YAML", e);
        }
    }

    /**
     * The entries of one kind in a route file ({@code route}, {@code routeConfiguration}, {@code routeTemplate},
     * {@code templatedRoute}, {@code beans}), each the object under that key.
     */
    static List<JsonNode> entries(Path file, String kind) {
        List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode entry : read(file)) {
            if (entry.has(kind)) {
                found.add(entry.get(kind));
            }
        }
        return found;
    }

    static String name(Path file) {
        return file.getFileName().toString();
    }
}
