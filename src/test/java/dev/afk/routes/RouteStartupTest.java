package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.logging.log4j.Level;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route file at once, as production loads them, with both URLs set so the routes that exist only with a
 * URL (forgejo-call, t3-call) are there too: starting them logs no deprecation warning (Camel warns once per
 * deprecated construct, e.g. {@code not contains} in a simple expression or {@code tags=} in a micrometer URI), and
 * the route MBeans that Hawtio calls over Jolokia dump them as YAML (camel-yaml-io), the form people edit, as far
 * as camel-yaml-io 4.18.0 can.
 */
class RouteStartupTest extends RouteTestSupport {

    private static final Pattern DEPRECATION = Pattern.compile("(?i)deprecat");

    static CapturedLogs logs;

    /** Attached before the plane of the first test starts (CamelMainTestSupport starts it before each test). */
    @BeforeAll
    static void captureTheStart() {
        logs = CapturedLogs.attach();
    }

    @AfterAll
    static void release() {
        if (logs != null) {
            logs.close();
        }
    }

    @Override
    List<String> routeFiles() {
        return RouteFiles.all().stream().map(f -> RouteFiles.name(f).replace(".camel.yaml", "")).toList();
    }

    @Override
    protected void configure(Properties p) {
        // Never called: the crons are in 2099 and nothing sends to the adapters. Port 9 is discard.
        p.put("afk.tracker-url", "http://127.0.0.1:9/api/v1");
        p.put("afk.t3-url", "http://127.0.0.1:9");
    }

    @Override
    public void configureTest(TestExecutionConfiguration testConfiguration) {
        super.configureTest(testConfiguration);
        testConfiguration.withJMX(true);
    }

    @Test
    void startingEveryRouteLogsNoDeprecationWarning() {
        assertThat(context.getRoute("forgejo-call")).as("the routes behind a URL precondition are loaded").isNotNull();
        assertThat(context.getRoute("t3-call")).isNotNull();
        assertThat(context.getRoute("github-call")).isNotNull();
        assertThat(logs.lines()).as("log lines of the start").isNotEmpty();

        // Camel's own loggers (and AFK's): another test of this class may have logged since, e.g. a JSON schema.
        assertThat(logs.lines()).filteredOn(l -> l.level().isMoreSpecificThan(Level.WARN))
                .filteredOn(l -> l.logger().startsWith("org.apache.camel") || l.logger().startsWith("dev.afk"))
                .filteredOn(l -> DEPRECATION.matcher(l.text()).find())
                .as("deprecation warnings while starting every route")
                .isEmpty();
    }

    /**
     * Hawtio reads a route's source through the route MBean ({@code dumpRouteAsYaml}, over Jolokia). With
     * camel-yaml-io every route comes back as YAML with its ids, except, in camel-yaml-io 4.18.0, a route holding a
     * {@code method:} expression (itself or through its routeConfiguration): its writer keys such an expression by
     * a null language and fails on its own JSON ({@code EipNode.asJsonObject}). This test pins exactly which routes
     * that is, so a Camel upgrade that fixes the writer fails here and the exception can go.
     */
    @Test
    void everyRouteMBeanDumpsItsRouteAsYamlExceptTheOnesCamelYamlIo4180CannotWrite() throws Exception {
        MBeanServer server = context.getManagementStrategy().getManagementAgent().getMBeanServer();
        Set<ObjectName> routes = server.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        assertThat(routes).as("one MBean per route").hasSize(context.getRoutes().size());

        Map<String, String> dumped = new TreeMap<>();
        Map<String, Throwable> failed = new TreeMap<>();
        for (ObjectName route : routes) {
            String id = (String) server.getAttribute(route, "RouteId");
            try {
                dumped.put(id, (String) server.invoke(route, "dumpRouteAsYaml", new Object[0], new String[0]));
            } catch (MBeanException e) {
                failed.put(id, e);
            }
        }

        Set<String> withMethodExpressions = routesWithMethodExpressions();
        assertThat(failed.keySet()).as("the routes camel-yaml-io 4.18.0 cannot write")
                .isEqualTo(withMethodExpressions);
        failed.forEach((id, e) -> assertThat(rootCause(e)).as(id)
                .hasMessageContaining("was expecting double-quote to start field name"));

        assertThat(dumped.keySet()).contains("afk-poll", "afk-status", "afk-watch", "t3-call", "forgejo-call");
        for (Map.Entry<String, String> d : dumped.entrySet()) {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(d.getValue());
            assertThat(tree.path(0).path("route").path("id").asText()).as("%s:%n%s", d.getKey(), d.getValue())
                    .isEqualTo(d.getKey());
        }
        assertThat(dumped.get("afk-status")).contains("id: afk-status-http", "id: afk-status-clean-headers",
                "id: afk-status-content-type");
        // a bean call written as a simple expression (the form camel-yaml-io 4.18.0 can write) dumps as written
        assertThat(dumped.get("forgejo-get-issue")).contains("${bean:forgejoWire?method=getIssue}");
        assertThat(dumped.get("afk-hand-back")).contains("${bean:handBackSteps?method=needsBell(${variable.handBack})}");
        // a templated route dumps as its template's steps, with the ids the template gives them and its prefix
        assertThat(dumped.get("forgejo-call")).contains("nodePrefixId: forgejo-", "id: call-method", "id: call-http");
    }

    /**
     * The kernel template is instantiated once per system, and each instance's nodes have ids of their own (the
     * templatedRoute's prefixId before the template's ids): what Hawtio's processor MBeans, the tracer and advice
     * see, so a trace names the system it belongs to.
     */
    @Test
    void eachSystemsCallRouteIsTheKernelTemplateWithNodeIdsOfItsOwn() throws Exception {
        MBeanServer server = context.getManagementStrategy().getManagementAgent().getMBeanServer();
        Map<String, Set<String>> processors = new TreeMap<>();
        for (ObjectName p : server.queryNames(new ObjectName("org.apache.camel:type=processors,*"), null)) {
            processors.computeIfAbsent((String) server.getAttribute(p, "RouteId"), k -> new TreeSet<>())
                    .add((String) server.getAttribute(p, "ProcessorId"));
        }
        for (String system : List.of("t3", "forgejo", "github")) {
            assertThat(context.getRouteDefinition(system + "-call")
                    .getNodePrefixId()).as(system).isEqualTo(system + "-");
            assertThat(processors.get(system + "-call")).as(system)
                    .contains(system + "-call-http", system + "-call-check", system + "-call-require-url")
                    .allMatch(id -> id.startsWith(system + "-call-"));
            assertThat(context.getProcessor(system + "-call-http")).as(system).isNotNull();
        }
    }

    /**
     * Route ids whose route, or whose routeConfiguration, holds a {@code method: {...}} expression; a templated
     * route is its template's route.
     */
    static Set<String> routesWithMethodExpressions() {
        Map<String, JsonNode> routes = new LinkedHashMap<>();
        Map<String, JsonNode> configurations = new LinkedHashMap<>();
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        Map<String, String> instances = new LinkedHashMap<>();
        for (Path file : RouteFiles.all()) {
            RouteFiles.entries(file, "route").forEach(r -> routes.put(r.path("id").asText(), r));
            RouteFiles.entries(file, "routeConfiguration").forEach(c -> configurations.put(c.path("id").asText(), c));
            RouteFiles.entries(file, "routeTemplate").forEach(t -> templates.put(t.path("id").asText(), t.path("route")));
            RouteFiles.entries(file, "templatedRoute").forEach(t -> instances.put(t.path("routeId").asText(),
                    t.path("routeTemplateRef").asText()));
        }
        instances.forEach((id, template) -> routes.put(id, templates.get(template)));
        assertThat(instances).as("templated routes").isNotEmpty();
        Set<String> answer = new TreeSet<>();
        routes.forEach((id, route) -> {
            JsonNode configuration = configurations.get(route.path("routeConfigurationId").asText());
            if (hasMethodExpression(route) || (configuration != null && hasMethodExpression(configuration))) {
                answer.add(id);
            }
        });
        return answer;
    }

    private static boolean hasMethodExpression(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if ((f.getKey().equals("method") && f.getValue().isObject()) || hasMethodExpression(f.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (hasMethodExpression(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
