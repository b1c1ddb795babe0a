package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every node a person can find in a Hawtio trace or advise in a test has an id (README, "every route and step has
 * an id"): each element of every {@code steps:} list, every {@code when}, {@code otherwise}, {@code doCatch} and
 * {@code doFinally} branch, every {@code onException} block and every {@code from}. Ids are kebab-case, unique
 * across all route files, and start with the family of their route ({@code afk-poll-…}, {@code t3-…}, …), so an
 * id alone says which flow it belongs to.
 */
class RouteIdsTest {

    /** The route families: a route (or routeConfiguration) id is one of them or starts with one and a dash. */
    static final List<String> FAMILIES = List.of(
            "afk-hand-back", "afk-stop-ask", "afk-list-repos", "afk-dispatch", "afk-poll", "afk-watch", "afk-status",
            "afk-shutdown", "afk-tick", "afk-webhook", "afk-kick", "t3", "forgejo", "github", "doorbell", "adapter");

    /** The family of a template's own nodes: their ids are checked again, prefixed, in every instance. */
    private static final String TEMPLATE = "(template)";

    static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** Maps of their own, never processors: endpoint options and bean definitions. */
    private static final Set<String> NOT_PROCESSORS = Set.of("parameters", "properties", "constructors", "beans");

    @Test
    void everyStepOfEveryRouteFileHasAUniqueKebabCaseIdOfItsFamily() {
        Map<String, JsonNode> files = new LinkedHashMap<>();
        for (Path file : RouteFiles.all()) {
            files.put(RouteFiles.name(file), RouteFiles.read(file));
        }
        List<String> problems = problems(files);
        assertThat(problems)
                .withFailMessage("%d id problems in routes/*.camel.yaml:%n  %s", problems.size(),
                        String.join(System.lineSeparator() + "  ", problems))
                .isEmpty();
        assertThat(nodes(files)).as("processor nodes found").hasSizeGreaterThan(400);
        assertThat(nodes(files)).extracting(Node::id).as("the kernel's nodes, once per system")
                .contains("call-http", "t3-call-http", "forgejo-call-http", "github-call-http", "github-call-hook-reply");
    }

    /** The walk finds what it must find, so the test above can fail. */
    @Test
    void aMissingDuplicateOrBadlyNamedIdIsAProblem() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> files = new LinkedHashMap<>();
        files.put("a.camel.yaml", json.readTree("""
                [{"route": {"id": "afk-poll", "from": {"id": "afk-poll-in", "uri": "direct:a", "steps": [
                    {"log": {"message": "no id"}},
                    {"to": "direct:shorthand"},
                    {"choice": {"id": "afk-poll-choice", "when": [{"simple": "${body}", "steps": []}],
                                "otherwise": {"id": "afk-poll-otherwise", "steps": [
                                    {"setBody": {"id": "afkPollCamel", "constant": "x"}}]}}},
                    {"doTry": {"id": "afk-poll-try", "steps": [], "doCatch": [{"exception": ["E"], "steps": []}],
                               "doFinally": {"steps": []}}},
                    {"to": {"id": "t3-wrong-family", "uri": "direct:b"}}]}}},
                 {"routeConfiguration": {"id": "forgejo-retry", "onException": [{"onException": {"exception": ["E"]}}]}}]
                """));
        files.put("b.camel.yaml", json.readTree("""
                [{"route": {"id": "afk-watch", "from": {"id": "afk-poll-in", "uri": "direct:b", "steps": []}}}]
                """));
        files.put("c.camel.yaml", json.readTree("""
                [{"routeTemplate": {"id": "k", "route": {"from": {"id": "call-in", "uri": "direct:{{s}}", "steps": [
                    {"log": {"message": "no id in a template"}},
                    {"to": {"id": "callHttp", "uri": "direct:x"}}]}}}},
                 {"templatedRoute": {"routeTemplateRef": "k", "routeId": "t3-call", "prefixId": "t3-"}},
                 {"templatedRoute": {"routeTemplateRef": "k", "routeId": "forgejo-call", "prefixId": "t3-"}}]
                """));
        List<String> problems = problems(files);
        assertThat(problems).anyMatch(p -> p.contains("steps[0].log") && p.contains("no id"));
        assertThat(problems).anyMatch(p -> p.contains("steps[1].to") && p.contains("no id"));
        assertThat(problems).anyMatch(p -> p.contains("when[0]") && p.contains("no id"));
        assertThat(problems).anyMatch(p -> p.contains("doCatch[0]") && p.contains("no id"));
        assertThat(problems).anyMatch(p -> p.contains("doFinally") && p.contains("no id"));
        assertThat(problems).anyMatch(p -> p.contains("onException") && p.contains("no id"));
        assertThat(problems).anyMatch(p -> p.contains("afkPollCamel") && p.contains("kebab-case"));
        assertThat(problems).anyMatch(p -> p.contains("t3-wrong-family") && p.contains("afk-poll-"));
        assertThat(problems).anyMatch(p -> p.startsWith("b.camel.yaml") && p.contains("afk-poll-in")
                && p.contains("also in a.camel.yaml"));
        assertThat(problems).anyMatch(p -> p.startsWith("c.camel.yaml") && p.contains("routeTemplate")
                && p.contains("steps[0].log") && p.contains("no id"));
        assertThat(problems).anyMatch(p -> p.contains("callHttp") && p.contains("kebab-case"));
        assertThat(problems).anyMatch(p -> p.contains("forgejo-call") && p.contains("t3-call-in")
                && p.contains("does not start with its route's family forgejo-"));
        assertThat(problems).anyMatch(p -> p.contains("t3-call-in") && p.contains("also in c.camel.yaml"));
    }

    /** One node that must carry an id: where it is, what it is, its id (null when it has none), its family. */
    record Node(String file, String path, String kind, String id, String family) {}

    static List<String> problems(Map<String, JsonNode> files) {
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Node n : nodes(files)) {
            String where = n.file() + " " + n.path() + " (" + n.kind() + ")";
            if (n.id() == null) {
                problems.add(where + ": no id");
                continue;
            }
            if (!KEBAB.matcher(n.id()).matches()) {
                problems.add(where + ": id " + n.id() + " is not kebab-case");
            }
            if (TEMPLATE.equals(n.family())) {
                continue; // checked as each instance names it
            }
            if (n.family() == null) {
                problems.add(where + ": id " + n.id() + " belongs to no family of " + FAMILIES);
            } else if (!n.kind().equals("route") && !n.id().startsWith(n.family() + "-")) {
                problems.add(where + ": id " + n.id() + " does not start with its route's family " + n.family() + "-");
            }
            String first = seen.putIfAbsent(n.id(), n.file() + " " + n.path());
            if (first != null) {
                problems.add(where + ": id " + n.id() + " also in " + first);
            }
        }
        return problems;
    }

    static List<Node> nodes(Map<String, JsonNode> files) {
        // the templates first: their nodes, as written and as each templatedRoute makes them
        Map<String, List<Node>> templates = new HashMap<>();
        files.forEach((file, root) -> root.forEach(entry -> {
            JsonNode template = entry.path("routeTemplate");
            if (template.isObject()) {
                List<Node> own = new ArrayList<>();
                walk(file, template.path("route"), "$.routeTemplate(" + template.path("id").asText() + ").route",
                        TEMPLATE, own);
                templates.put(template.path("id").asText(), own);
            }
        }));
        List<Node> nodes = new ArrayList<>();
        templates.values().forEach(nodes::addAll);
        files.forEach((file, root) -> {
            walk(file, root, "$", null, nodes);
            for (int i = 0; i < root.size(); i++) {
                JsonNode instance = root.get(i).path("templatedRoute");
                if (!instance.isObject()) {
                    continue;
                }
                String routeId = instance.path("routeId").isTextual() ? instance.path("routeId").asText() : null;
                String prefix = instance.path("prefixId").asText("");
                String at = "$[" + i + "].templatedRoute";
                nodes.add(new Node(file, at, "route", routeId, family(routeId)));
                for (Node n : templates.getOrDefault(instance.path("routeTemplateRef").asText(), List.of())) {
                    nodes.add(new Node(file, at + "(" + routeId + ") " + n.path(), n.kind(),
                            n.id() == null ? null : prefix + n.id(), family(routeId)));
                }
            }
        });
        return nodes;
    }

    private static void walk(String file, JsonNode node, String path, String family, List<Node> out) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(file, node.get(i), path + "[" + i + "]", family, out);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = path + "." + key;
            if (NOT_PROCESSORS.contains(key) || (key.equals("routeTemplate") && family == null)) {
                continue; // a template is walked on its own, see nodes()
            }
            String inner = family;
            if (key.equals("route") && TEMPLATE.equals(family)) {
                // a template's route has no id of its own: each templatedRoute gives it one
            } else if ((key.equals("route") || key.equals("routeConfiguration")) && value.isObject()) {
                String id = id(value);
                inner = family(id);
                out.add(new Node(file, at, "route", id, inner));
            } else if (key.equals("steps") && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    JsonNode step = value.get(i);
                    Map.Entry<String, JsonNode> eip = step.isObject() && step.size() == 1 ? step.properties().iterator().next() : null;
                    String kind = eip == null ? "?" : eip.getKey();
                    out.add(new Node(file, at + "[" + i + "]." + kind, kind, eip == null ? null : id(eip.getValue()),
                            family));
                }
            } else if ((key.equals("when") || key.equals("doCatch")) && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    out.add(new Node(file, at + "[" + i + "]", key, id(value.get(i)), family));
                }
            } else if ((key.equals("otherwise") || key.equals("doFinally") || key.equals("onException")
                    || key.equals("from")) && value.isObject()) {
                out.add(new Node(file, at, key, id(value), family));
            }
            walk(file, value, at, inner, out);
        }
    }

    private static String id(JsonNode node) {
        JsonNode id = node.isObject() ? node.get("id") : null;
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    }

    private static String family(String routeId) {
        if (routeId == null) {
            return null;
        }
        return FAMILIES.stream().filter(f -> routeId.equals(f) || routeId.startsWith(f + "-")).findFirst().orElse(null);
    }
}
