package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.TrackerDialects;
import dev.afk.adapter.TrackerOp;
import dev.afk.core.Config;
import dev.afk.routes.TrackerContractCheck.Endpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker contract is checked, not a naming convention: every registered dialect's route file defines exactly
 * {@link TrackerOp}'s ops as {@code direct:<dialect>-<op>} (its private routes, such as {@code <dialect>-call},
 * called from nowhere else), and every {@code direct:{{afk.tracker}}-<op>} a route calls is a {@link TrackerOp}.
 * The second half shows the check fails on a missing op, an extra op, a private route called from outside, a
 * dialect named by a caller, and a registry out of step with the files.
 */
class TrackerContractRoutesTest {

    static final List<String> OPS = TrackerOp.suffixes();

    static final Endpoints EMPTY = new Endpoints(Set.of(), Set.of());

    // ---- the real route files ----

    @Test
    void everyRegisteredDialectHasItsRouteFileAndEveryTrackerFileIsRegistered() {
        Set<String> registered = TrackerDialects.all().stream().map(TrackerDialects::id).collect(Collectors.toSet());
        Set<String> trackerFiles = RouteFiles.all().stream().map(RouteFiles::name)
                .filter(n -> n.startsWith("tracker-")).collect(Collectors.toSet());
        assertThat(registered).containsExactlyInAnyOrder("forgejo", "github");
        assertThat(TrackerContractCheck.registryProblems(registered, trackerFiles)).isEmpty();
    }

    @Test
    void everyDialectImplementsExactlyTheContractAndEveryCallerCallsOnlyContractOps() {
        Map<String, Endpoints> dialects = new LinkedHashMap<>();
        for (Config.Tracker t : TrackerDialects.all()) {
            dialects.put(TrackerDialects.id(t), Endpoints.of(RouteFiles.read(RouteFiles.DIR.resolve(
                    TrackerDialects.routeFile(t)))));
        }
        Map<String, Endpoints> others = new LinkedHashMap<>();
        for (Path f : RouteFiles.all()) {
            if (!dialects.containsKey(idOf(RouteFiles.name(f)))) {
                others.put(RouteFiles.name(f), Endpoints.of(RouteFiles.read(f)));
            }
        }
        // Not vacuous: the walk finds the ops in the dialect files and the calls in poll/watch/hand-back.
        dialects.forEach((id, e) -> assertThat(e.defined()).as(id).hasSizeGreaterThanOrEqualTo(OPS.size()));
        assertThat(others.values().stream().flatMap(e -> e.called().stream())
                .filter(u -> u.startsWith(TrackerContractCheck.CALLER_PREFIX))).hasSizeGreaterThanOrEqualTo(OPS.size());

        assertThat(TrackerContractCheck.problems(dialects, others, OPS)).isEmpty();

        // The same files with one op route taken away, or one op missing from the list, fail.
        Endpoints github = dialects.get("github");
        Map<String, Endpoints> lacking = new LinkedHashMap<>(dialects);
        lacking.put("github", new Endpoints(github.defined().stream()
                .filter(u -> !u.equals("direct:github-labeler")).collect(Collectors.toSet()), github.called()));
        assertThat(TrackerContractCheck.problems(lacking, others, OPS))
                .containsExactly("tracker-github.camel.yaml lacks the op labeler (no route from direct:github-labeler)");
        List<String> shorter = OPS.stream().filter(op -> !op.equals("close-issue")).toList();
        assertThat(TrackerContractCheck.problems(dialects, others, shorter))
                .contains("watch.camel.yaml calls direct:{{afk.tracker}}-close-issue, which is not a TrackerOp");
    }

    @Test
    void theOpListHasOneEntryPerSuffixEachWithItsMessageTypes() {
        assertThat(OPS).doesNotHaveDuplicates().hasSize(TrackerOp.values().length).containsExactly(
                "list-issues", "list-closed", "get-issue", "add-label", "remove-label", "find-afk-comment",
                "write-afk-comment", "close-issue", "create-issue", "labeler", "default-head", "commit-exists", "ci-verdict", "deploy-verdict",
                "list-comments", "permission");
        for (TrackerOp op : TrackerOp.values()) {
            assertThat(op.request()).as(op.suffix()).isNotNull();
            assertThat(op.result()).as(op.suffix()).isNotNull();
            assertThat(op.meaning()).as(op.suffix()).isNotBlank().doesNotContain("\n");
            assertThat(TrackerOp.bySuffix(op.suffix())).contains(op);
            assertThat(op.callerUri()).isEqualTo("direct:{{afk.tracker}}-" + op.suffix());
        }
        assertThat(TrackerDialects.endpoint(Config.Tracker.GITHUB, TrackerOp.LABELER)).isEqualTo("direct:github-labeler");
        assertThat(TrackerDialects.byId("forgejo")).contains(Config.Tracker.FORGEJO);
        assertThat(TrackerDialects.byId("gitlab")).isEmpty();
    }

    private static String idOf(String fileName) {
        return fileName.startsWith("tracker-") && fileName.endsWith(".camel.yaml")
                ? fileName.substring("tracker-".length(), fileName.length() - ".camel.yaml".length()) : "";
    }

    // ---- the check can fail ----

    static Endpoints defines(List<String> ops, String dialect, String... privateRoutes) {
        Set<String> defined = new java.util.TreeSet<>();
        ops.forEach(op -> defined.add("direct:" + dialect + "-" + op));
        for (String p : privateRoutes) {
            defined.add("direct:" + dialect + "-" + p);
        }
        return new Endpoints(defined, Set.of("direct:" + dialect + "-call"));
    }

    static Endpoints callsEveryOp(String... more) {
        Set<String> called = new java.util.TreeSet<>();
        OPS.forEach(op -> called.add(TrackerContractCheck.CALLER_PREFIX + op));
        called.addAll(List.of(more));
        return new Endpoints(Set.of("direct:afk-poll"), called);
    }

    static List<String> check(Endpoints a, Endpoints b, Endpoints caller) {
        return TrackerContractCheck.problems(Map.of("forgejo", a, "gitlab", b), Map.of("poll.camel.yaml", caller), OPS);
    }

    @Test
    void aDialectThatImplementsTheWholeListWithPrivateRoutesPasses() {
        assertThat(check(defines(OPS, "forgejo", "call"), defines(OPS, "gitlab", "call", "pages"), callsEveryOp()))
                .isEmpty();
    }

    @Test
    void aMissingOpFails() {
        List<String> withoutLabeler = OPS.stream().filter(op -> !op.equals("labeler")).toList();
        assertThat(check(defines(OPS, "forgejo", "call"), defines(withoutLabeler, "gitlab", "call"), callsEveryOp()))
                .containsExactly("tracker-gitlab.camel.yaml lacks the op labeler (no route from direct:gitlab-labeler)");
    }

    @Test
    void anExtraOpThatCallersUseButTheContractLacksFails() {
        List<String> problems = check(defines(OPS, "forgejo", "call", "interrupt"), defines(OPS, "gitlab", "call"),
                callsEveryOp("direct:{{afk.tracker}}-interrupt"));
        assertThat(problems).contains(
                "poll.camel.yaml calls forgejo's private route interrupt, an op that is not in TrackerOp",
                "poll.camel.yaml calls direct:{{afk.tracker}}-interrupt, which is not a TrackerOp");
    }

    @Test
    void aPrivateRouteCalledFromAnotherFileFails() {
        assertThat(check(defines(OPS, "forgejo", "call"), defines(OPS, "gitlab", "call"),
                callsEveryOp("direct:forgejo-call")))
                .containsExactly("poll.camel.yaml calls forgejo's private route call, an op that is not in TrackerOp");
    }

    @Test
    void aCallerThatNamesADialectInsteadOfTheTrackerPlaceholderFails() {
        assertThat(check(defines(OPS, "forgejo", "call"), defines(OPS, "gitlab", "call"),
                callsEveryOp("direct:gitlab-get-issue"))).containsExactly(
                "poll.camel.yaml calls direct:gitlab-get-issue by its dialect's name; callers use "
                        + "direct:{{afk.tracker}}-<op>");
    }

    @Test
    void anOpNoRouteCallsFailsAsDead() {
        Endpoints caller = new Endpoints(Set.of(), callsEveryOp().called().stream()
                .filter(u -> !u.endsWith("-deploy-verdict")).collect(Collectors.toSet()));
        assertThat(check(defines(OPS, "forgejo", "call"), defines(OPS, "gitlab", "call"), caller))
                .containsExactly("no route calls direct:{{afk.tracker}}-deploy-verdict (a dead op)");
    }

    @Test
    void aDialectRouteOutsideItsNamespaceFails() {
        Endpoints stray = new Endpoints(java.util.stream.Stream.concat(defines(OPS, "gitlab").defined().stream(),
                java.util.stream.Stream.of("direct:afk-helper")).collect(Collectors.toSet()), Set.of());
        assertThat(check(defines(OPS, "forgejo"), stray, callsEveryOp()))
                .containsExactly("tracker-gitlab.camel.yaml defines direct:afk-helper, outside its namespace direct:gitlab-*");
    }

    @Test
    void aRegistryOutOfStepWithTheRouteFilesFails() {
        assertThat(TrackerContractCheck.registryProblems(Set.of("forgejo", "gitlab"),
                Set.of("tracker-forgejo.camel.yaml", "tracker-bitbucket.camel.yaml"))).containsExactly(
                "dialect gitlab is registered but routes/tracker-gitlab.camel.yaml does not exist",
                "routes/tracker-bitbucket.camel.yaml implements a dialect bitbucket that Config.Tracker does not register");
    }

    @Test
    void theWalkFindsDefinitionsAndCallsNestedInChoicesTriesAndShorthands(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("x.camel.yaml");
        Files.writeString(file, """
                - route:
                    id: a
                    from:
                      id: a-in
                      uri: direct:gitlab-get-issue
                      steps:
                        - to: direct:gitlab-call?timeout=5
                        - choice:
                            id: c
                            when:
                              - id: w
                                simple: "${body} != null"
                                steps:
                                  - doTry:
                                      id: t
                                      steps:
                                        - toD:
                                            id: d
                                            uri: "direct:{{afk.tracker}}-labeler"
                                      doCatch:
                                        - id: k
                                          exception: [java.lang.Exception]
                                          steps:
                                            - wireTap:
                                                id: wt
                                                uri: direct:audit
                        - to:
                            id: h
                            uri: "${properties:afk.tracker-url}"
                            description: "mentions direct:not-a-call in text"
                """);
        Endpoints e = Endpoints.of(RouteFiles.read(file));
        assertThat(e.defined()).containsExactly("direct:gitlab-get-issue");
        assertThat(e.called()).containsExactlyInAnyOrder("direct:gitlab-call", "direct:{{afk.tracker}}-labeler",
                "direct:audit");
    }
}
