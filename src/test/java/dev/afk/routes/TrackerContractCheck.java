package dev.afk.routes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link TrackerContractRoutesTest} checks, as a function of the {@code direct:} endpoints each route file
 * defines and calls, so that the check itself can be tested on made-up files.
 */
final class TrackerContractCheck {

    static final String CALLER_PREFIX = "direct:{{afk.tracker}}-";

    private static final Set<String> CALL_KEYS = Set.of("uri", "to", "toD", "wireTap", "enrich", "pollEnrich");

    private TrackerContractCheck() {}

    /**
     * The {@code direct:} endpoints of one route file: {@code defined} by a route's {@code from}, {@code called} by
     * any step ({@code to}, {@code toD}, {@code wireTap}, {@code enrich}, as a {@code uri} or the shorthand string),
     * each without its {@code ?query}.
     */
    record Endpoints(Set<String> defined, Set<String> called) {

        Endpoints {
            defined = Set.copyOf(defined);
            called = Set.copyOf(called);
        }

        static Endpoints of(JsonNode file) {
            Set<String> defined = new TreeSet<>();
            Set<String> called = new TreeSet<>();
            walk(file, defined, called);
            return new Endpoints(defined, called);
        }

        private static void walk(JsonNode node, Set<String> defined, Set<String> called) {
            if (node.isArray()) {
                node.forEach(n -> walk(n, defined, called));
                return;
            }
            if (!node.isObject()) {
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (field.getKey().equals("from") && value.isObject()) {
                    direct(value.path("uri").asText("")).ifPresent(defined::add);
                    value.properties().forEach(f -> {
                        if (!f.getKey().equals("uri")) {
                            walk(f.getValue(), defined, called);
                        }
                    });
                } else if (CALL_KEYS.contains(field.getKey()) && value.isTextual()) {
                    direct(value.asText()).ifPresent(called::add);
                } else {
                    walk(value, defined, called);
                }
            }
        }

        private static java.util.Optional<String> direct(String uri) {
            if (!uri.startsWith("direct:")) {
                return java.util.Optional.empty();
            }
            int q = uri.indexOf('?');
            return java.util.Optional.of(q < 0 ? uri : uri.substring(0, q));
        }
    }

    /**
     * Every way the route files break the tracker contract; empty when they keep it.
     *
     * @param dialects  dialect id → the endpoints of its route file (the registry's dialects, each with its file)
     * @param others    file name → the endpoints of every other route file
     * @param ops       the contract's op suffixes ({@code TrackerOp.suffixes()})
     */
    static List<String> problems(Map<String, Endpoints> dialects, Map<String, Endpoints> others, List<String> ops) {
        List<String> problems = new ArrayList<>();
        Map<String, Endpoints> all = new LinkedHashMap<>();
        dialects.forEach((id, e) -> all.put(file(id), e));
        all.putAll(others);
        Set<String> calledAsOp = new TreeSet<>();

        for (Map.Entry<String, Endpoints> d : dialects.entrySet()) {
            String id = d.getKey();
            String prefix = "direct:" + id + "-";
            Set<String> defined = d.getValue().defined();
            for (String op : ops) {
                if (!defined.contains(prefix + op)) {
                    problems.add(file(id) + " lacks the op " + op + " (no route from " + prefix + op + ")");
                }
            }
            for (String uri : defined) {
                if (!uri.startsWith(prefix)) {
                    problems.add(file(id) + " defines " + uri + ", outside its namespace " + prefix + "*");
                    continue;
                }
                String name = uri.substring(prefix.length());
                if (ops.contains(name)) {
                    continue;
                }
                // A private route of the dialect (e.g. <id>-call): nobody outside the file may call it.
                for (Map.Entry<String, Endpoints> f : all.entrySet()) {
                    if (f.getKey().equals(file(id))) {
                        continue;
                    }
                    if (f.getValue().called().contains(uri) || f.getValue().called().contains(CALLER_PREFIX + name)) {
                        problems.add(f.getKey() + " calls " + id + "'s private route " + name
                                + ", an op that is not in TrackerOp");
                    }
                }
            }
        }

        for (Map.Entry<String, Endpoints> f : all.entrySet()) {
            for (String uri : f.getValue().called()) {
                if (uri.startsWith(CALLER_PREFIX)) {
                    String op = uri.substring(CALLER_PREFIX.length());
                    if (ops.contains(op)) {
                        calledAsOp.add(op);
                    } else {
                        problems.add(f.getKey() + " calls " + uri + ", which is not a TrackerOp");
                    }
                    continue;
                }
                for (String id : dialects.keySet()) {
                    if (uri.startsWith("direct:" + id + "-") && !f.getKey().equals(file(id))
                            && ops.contains(uri.substring(("direct:" + id + "-").length()))) {
                        problems.add(f.getKey() + " calls " + uri + " by its dialect's name; callers use "
                                + CALLER_PREFIX + "<op>");
                    }
                }
            }
        }

        for (String op : ops) {
            if (!calledAsOp.contains(op)) {
                problems.add("no route calls " + CALLER_PREFIX + op + " (a dead op)");
            }
        }
        return problems;
    }

    /** A registered dialect without its route file, or a {@code tracker-*.camel.yaml} without a registry line. */
    static List<String> registryProblems(Set<String> registered, Set<String> trackerFiles) {
        List<String> problems = new ArrayList<>();
        for (String id : new TreeSet<>(registered)) {
            if (!trackerFiles.contains(file(id))) {
                problems.add("dialect " + id + " is registered but routes/" + file(id) + " does not exist");
            }
        }
        for (String f : new TreeSet<>(trackerFiles)) {
            String id = f.substring("tracker-".length(), f.length() - ".camel.yaml".length());
            if (!registered.contains(id)) {
                problems.add("routes/" + f + " implements a dialect " + id + " that Config.Tracker does not register");
            }
        }
        return problems;
    }

    static String file(String dialectId) {
        return "tracker-" + dialectId + ".camel.yaml";
    }
}
