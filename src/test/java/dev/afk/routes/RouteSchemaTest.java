package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every route file is valid against the official Camel YAML DSL JSON schema, the one inside the camel-yaml-dsl jar
 * on the classpath (draft-04, {@code schema/camelYamlDsl.json}): what Kaoto and the VS Code YAML extension check a
 * route against, and what Kaoto would otherwise rewrite on save (a quoted number or boolean, a placeholder where
 * the schema wants a number).
 */
class RouteSchemaTest {

    static final String SCHEMA = "schema/camelYamlDsl.json";

    @Test
    void theSchemaIsTheOneShippedInCamelYamlDsl4180() {
        URL url = getClass().getClassLoader().getResource(SCHEMA);
        assertThat(url).as(SCHEMA + " on the classpath").isNotNull();
        assertThat(url.toString()).contains("camel-yaml-dsl-4.18.0.jar!/");
    }

    @Test
    void everyRouteFileIsValidAgainstTheCamelYamlDslSchema() {
        JsonSchema schema = schema();
        List<String> violations = new ArrayList<>();
        for (Path file : RouteFiles.all()) {
            for (ValidationMessage m : schema.validate(RouteFiles.read(file))) {
                violations.add(RouteFiles.name(file) + " " + m.getInstanceLocation() + ": " + m.getError());
            }
        }
        assertThat(violations)
                .withFailMessage("%d schema violations in routes/*.camel.yaml:%n  %s", violations.size(),
                        String.join(System.lineSeparator() + "  ", violations))
                .isEmpty();
    }

    /**
     * The kernel is a route template with one templatedRoute per system, and T3's turn on an existing thread one with
     * a templatedRoute per purpose (fix-forward, relay), all checked by the test above.
     */
    @Test
    void theKernelIsARouteTemplateInstantiatedByEverySystem() {
        List<String> instances = new ArrayList<>();
        int templates = 0;
        for (Path file : RouteFiles.all()) {
            templates += RouteFiles.entries(file, "routeTemplate").size();
            RouteFiles.entries(file, "templatedRoute").forEach(t -> instances.add(
                    t.path("routeTemplateRef").asText() + ":" + t.path("routeId").asText()));
        }
        assertThat(templates).isEqualTo(2);
        assertThat(instances).containsExactlyInAnyOrder("http-call:t3-call", "http-call:forgejo-call",
                "http-call:github-call", "t3-thread-turn:t3-turn", "t3-thread-turn:t3-steer");
    }

    /** The schema knows its own steps: a route with a step it does not know is a violation, so the test can fail. */
    @Test
    void anUnknownStepOrAQuotedNumberIsAViolation() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode bad = json.readTree("""
                [{"route": {"id": "r", "from": {"uri": "direct:r", "steps": [{"noSuchStep": {}}]}}},
                 {"routeConfiguration": {"id": "c", "onException": [{"onException": {
                    "exception": ["java.lang.Exception"],
                    "redeliveryPolicy": {"maximumRedeliveries": "{{x:3}}", "useExponentialBackOff": "true"}}}]}},
                 {"routeTemplate": {"id": "t", "route": {"from": {"uri": "direct:t", "steps": [{"noSuchStepEither": {}}]}}}},
                 {"templatedRoute": {"routeId": "x", "prefix": "x-"}}]
                """);
        List<String> where = schema().validate(bad).stream().map(m -> m.getInstanceLocation().toString()).toList();
        assertThat(where).anyMatch(p -> p.contains("[0]") && p.contains("steps[0]"));
        assertThat(where).anyMatch(p -> p.contains("useExponentialBackOff"));
        assertThat(where).as("an unknown step of a template").anyMatch(p -> p.contains("[2]"));
        assertThat(where).as("a templatedRoute without routeTemplateRef, with an unknown key")
                .anyMatch(p -> p.contains("[3]"));
    }

    private static JsonSchema schema;

    /** The schema, read once (810 kB). */
    static synchronized JsonSchema schema() {
        if (schema != null) {
            return schema;
        }
        try (InputStream in = RouteSchemaTest.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            assertThat(in).as(SCHEMA + " on the classpath").isNotNull();
            JsonNode root = new ObjectMapper().readTree(in);
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
            schema = factory.getSchema(root, config);
            return schema;
        } catch (IOException e) {
            throw new IllegalStateException(SCHEMA + " is not readable", e);
        }
    }
}
