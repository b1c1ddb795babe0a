package dev.afk.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundled T3 JSON schemas ({@code contracts/t3-schemas}, draft 2020-12) as networknt validators: the dispatch
 * command schema the simulator checks every request against, and the read-model / reply definitions tests use to
 * check what the simulator serves.
 */
public final class T3SimSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "contracts/t3-schemas/";
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private T3SimSchemas() {}

    /** Problems of a {@code POST /api/orchestration/dispatch} body; empty when it is a valid command. */
    public static List<String> commandProblems(JsonNode body) {
        return problems(schema("dispatch-command.schema.json", null), body);
    }

    /**
     * Problems of {@code node} against a definition of one schema file, e.g.
     * {@code ("read-model.schema.json", "shellSnapshot")}; a null definition means the file's root.
     */
    public static List<String> problems(String file, String definition, JsonNode node) {
        return problems(schema(file, definition), node);
    }

    private static List<String> problems(JsonSchema schema, JsonNode node) {
        return schema.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema schema(String file, String definition) {
        return CACHE.computeIfAbsent(file + "#" + definition, k -> {
            ObjectNode root = load(file);
            if (definition != null) {
                // Same document, other entry point: keep only the $defs (reachable through their local references).
                ObjectNode entry = JSON.createObjectNode();
                entry.set("$schema", root.get("$schema"));
                entry.set("$id", root.get("$id"));
                entry.set("$defs", root.get("$defs"));
                entry.put("$ref", "#/$defs/" + definition);
                root = entry;
            }
            // One factory per entry point: the copies share an $id, which a shared factory would cache as one.
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        });
    }

    private static ObjectNode load(String file) {
        try (InputStream in = T3SimSchemas.class.getClassLoader().getResourceAsStream(BASE + file)) {
            if (in == null) {
                throw new IllegalStateException("schema not on the classpath: " + BASE + file);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
