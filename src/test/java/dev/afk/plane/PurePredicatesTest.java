package dev.afk.plane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AfkComment;
import dev.afk.adapter.RunComments;
import dev.afk.adapter.Handoff;
import dev.afk.adapter.IssueListing;
import dev.afk.adapter.ListIssues;
import dev.afk.adapter.T3Accepted;
import dev.afk.adapter.T3StopState;
import dev.afk.core.CheckEvidence;
import dev.afk.core.CiVerdict;
import dev.afk.core.Config;
import dev.afk.core.DeployVerdict;
import dev.afk.core.DispatchPolicy;
import dev.afk.core.EscalationReason;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.PhaseReport;
import dev.afk.core.RunRecord;
import dev.afk.core.RunStateMachine;
import dev.afk.core.ThreadView;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every predicate a YAML {@code filter}, {@code when} or {@code onWhen} of the tick routes evaluates only looks: it
 * never writes its argument, so filters can be reordered without corrupting the job. What a step reads lands in the
 * job (or a variable) through an explicit step before the filter that asks about it.
 *
 * <p>The predicates are found in the route files themselves, not listed here, so a new filter is checked the day it
 * is added. Each is called on jobs walked through the real steps in route order, over many shapes of run (issue
 * open or closed, every kind of AFK comment, reports, SHA checks, CI and deploy verdicts), at every stage of the walk,
 * including stages where the route would not ask it yet; the job's fields (all immutable values) are compared before
 * and after, and the answer must be the same when asked twice.
 */
class PurePredicatesTest {

    /** The files whose predicates are checked, and the step bean each file's predicates belong to. */
    private static final List<String> TICK_FILES = List.of("poll", "watch", "hand-back", "list-repos");

    /** A simple predicate that is one bean call and nothing else: {@code ${bean:ref?method=name(args)}}. */
    private static final Pattern SIMPLE_BEAN_CALL = Pattern.compile("\\$\\{bean:([A-Za-z_$][\\w$]*)\\?method=(.*)}");

    private static final Pattern METHOD_CALL = Pattern.compile("([A-Za-z_$][\\w$]*)\\s*(?:\\((.*)\\))?");

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final IssueKey KEY = IssueKey.of("acme/api", 7);
    private static final String READY = "ready-for-agent";
    private static final String RUNNING = "in-progress";
    private static final String HUMAN = "ready-for-human";
    private static final String THREAD = "afk-thread-1";

    /** One predicate of one route file: which bean, which method, and what it was found to answer. */
    static final class Predicate {
        final String file;
        final String ref;
        final Method method;
        final Set<Boolean> answers = new TreeSet<>();
        int notApplicable;

        Predicate(String file, String ref, Method method) {
            this.file = file;
            this.ref = ref;
            this.method = method;
        }

        @Override
        public String toString() {
            return file + ": " + ref + "." + method.getName();
        }
    }

    private final Config config = Config.fromMap(armedValues());
    private final Clock clock = Clock.fixed(T0.plus(Duration.ofMinutes(30)), ZoneOffset.UTC);
    private final OnceLog onceLog = new OnceLog();
    private final PlaneStatus status = new PlaneStatus(config, clock, new ArmedGate(config, null));
    private final PollSteps pollSteps = new PollSteps(config, onceLog, status);
    private final DispatchSteps dispatchSteps = new DispatchSteps(config, clock, status, onceLog);
    private final HandBackSteps handBackSteps = new HandBackSteps(config, status, onceLog);
    private final List<String> problems = new ArrayList<>();

    @Test
    void everyPredicateOfTheTickRoutesLeavesItsArgumentAsItWas() throws Exception {
        Map<String, Object> beans = new HashMap<>();
        beans.put("pollSteps", pollSteps);
        beans.put("dispatchSteps", dispatchSteps);
        beans.put("handBackSteps", handBackSteps);
        beans.put("watchSteps", watchSteps());
        List<Predicate> predicates = predicates(beans);
        assertThat(predicates).extracting(p -> p.method.getName()).as("the predicates the walk found")
                .contains("needsDetail", "needsShaCheck", "needsCi", "needsDeploy", "needsClose", "carriesReady",
                        "endedNow", "needsBase", "refusedByT3", "needsBell", "needsHuman");

        Map<Class<?>, List<Predicate>> byType = new HashMap<>();
        for (Predicate p : predicates) {
            byType.computeIfAbsent(p.method.getParameterTypes()[0], t -> new ArrayList<>()).add(p);
        }
        assertThat(byType.keySet()).as("argument types this test knows how to build")
                .isSubsetOf(WatchJob.class, DispatchJob.class, HandBack.class, Exception.class);
        Consumer<Object> check = arg -> byType.getOrDefault(typeOf(arg), List.of())
                .forEach(p -> ask(p, beans.get(p.ref), arg));

        walkWatchRuns(check);
        walkDispatches(check);
        walkHandBacks(check);
        for (Exception e : failures()) {
            check.accept(e);
        }

        assertThat(problems).as("predicates that changed their argument or answered differently when asked twice")
                .isEmpty();
        for (Predicate p : predicates) {
            assertThat(p.answers).as("%s answered both ways on the walked jobs", p).containsExactly(false, true);
        }
    }

    /** The comparison the test above relies on sees a changed field, so that test can fail. */
    @Test
    void aChangedFieldIsSeen() throws Exception {
        WatchJob job = new WatchJob(issue(true, RUNNING), Map.of());
        Map<String, Object> before = fields(job);
        job.reportedSha = "abc";
        assertThat(fields(job)).isNotEqualTo(before);
        job.reportedSha = null;
        job.shaConfirmed = true;
        assertThat(fields(job)).isNotEqualTo(before);
    }

    /**
     * Plain {@code simple} predicates of the tick routes compare values; they call nothing. A simple that is one bean
     * call and nothing else is a method predicate, checked by the walk above.
     */
    @Test
    void simplePredicatesOfTheTickRoutesCallNoMethod() {
        List<String> simple = new ArrayList<>();
        for (String file : TICK_FILES) {
            collect(read(file), (kind, expression) -> {
                if ((expression.has("simple") || expression.path("expression").has("simple"))
                        && beanCall(expression) == null) {
                    simple.add(file + ": " + textOf(expression.has("simple") ? expression.get("simple")
                            : expression.path("expression").get("simple")));
                }
            });
        }
        assertThat(simple).as("simple predicates").isNotEmpty()
                .allSatisfy(s -> assertThat(s).doesNotContain("(", "bean:", "exchange.", "camelContext"));
    }

    // --- the predicates, as the route files name them --------------------------------------------------------------

    private List<Predicate> predicates(Map<String, Object> beans) {
        List<Predicate> out = new ArrayList<>();
        for (String file : TICK_FILES) {
            collect(read(file), (kind, expression) -> {
                String[] named = beanCall(expression);
                if (named == null) {
                    return;
                }
                String ref = named[0];
                Matcher call = METHOD_CALL.matcher(named[1].strip());
                assertThat(call.matches()).as("%s: %s", file, expression).isTrue();
                int arity = call.group(2) == null || call.group(2).isBlank() ? 0 : call.group(2).split(",").length;
                Object bean = beans.get(ref);
                assertThat(bean).as("%s %s names bean %s; add it (and jobs for its argument) to this test", file,
                        kind, ref).isNotNull();
                Method method = Arrays.stream(bean.getClass().getMethods())
                        .filter(x -> x.getName().equals(call.group(1)) && x.getParameterCount() == arity)
                        .findFirst().orElseThrow(() -> new AssertionError(file + ": no " + ref + "." + call.group()));
                assertThat(method.getReturnType()).as("%s.%s", ref, method.getName()).isIn(boolean.class, Boolean.class);
                assertThat(arity).as("%s.%s: one argument, the job it asks about", ref, method.getName())
                        .isEqualTo(1);
                out.add(new Predicate(file, ref, method));
            });
        }
        return out;
    }

    /** Calls {@code consumer(kind, node)} for every filter, when and onWhen in the tree. */
    private static void collect(JsonNode node, java.util.function.BiConsumer<String, JsonNode> consumer) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, consumer));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            switch (f.getKey()) {
                case "filter", "onWhen" -> consumer.accept(f.getKey(), f.getValue());
                case "when" -> f.getValue().forEach(w -> consumer.accept("when", w));
                default -> { }
            }
            collect(f.getValue(), consumer);
        }
    }

    /**
     * The bean and method a predicate calls, or null for a plain comparison: a {@code method: {ref, method}}
     * expression, or a {@code simple} that is one bean call {@code ${bean:ref?method=name(args)}} (the form
     * camel-yaml-io 4.18.0 can dump).
     */
    private static String[] beanCall(JsonNode expression) {
        JsonNode m = expression.has("method") ? expression.get("method")
                : expression.path("expression").path("method");
        if (!m.isMissingNode()) {
            return new String[] {m.path("ref").asText(), m.path("method").asText()};
        }
        JsonNode simple = expression.has("simple") ? expression.get("simple")
                : expression.path("expression").path("simple");
        if (simple.isMissingNode()) {
            return null;
        }
        Matcher bean = SIMPLE_BEAN_CALL.matcher(textOf(simple).strip());
        return bean.matches() ? new String[] {bean.group(1), bean.group(2)} : null;
    }

    private static JsonNode read(String file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("routes", file + ".camel.yaml").toFile());
        } catch (IOException e) {
            throw new AssertionError("routes/" + file + ".camel.yaml", e);
        }
    }

    private static String textOf(JsonNode simple) {
        return simple.isTextual() ? simple.asText() : simple.path("expression").asText();
    }

    private static Class<?> typeOf(Object arg) {
        return arg instanceof Exception ? Exception.class : arg.getClass();
    }

    // --- asking one predicate ----------------------------------------------------------------------------------------

    private void ask(Predicate p, Object bean, Object arg) {
        Map<String, Object> before = fields(arg);
        Object first = invoke(p, bean, arg);
        Object second = invoke(p, bean, arg);
        Map<String, Object> after = fields(arg);
        if (!after.equals(before)) {
            problems.add(p + " changed " + arg + ": " + diff(before, after));
        }
        if (!Objects.equals(first, second)) {
            problems.add(p + " answered " + first + " then " + second + " for " + arg);
        }
        if (first instanceof Boolean b) {
            p.answers.add(b);
        } else {
            p.notApplicable++;
        }
    }

    /** The answer, or the exception a job at a stage the route never asks it at makes it throw. */
    private static Object invoke(Predicate p, Object bean, Object arg) {
        try {
            return p.method.invoke(bean, arg);
        } catch (InvocationTargetException e) {
            return e.getCause().getClass();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** Every instance field of the argument's own classes (the JDK's are left out: a Throwable's stack, …). */
    static Map<String, Object> fields(Object o) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Class<?> c = o.getClass(); c != null && !c.getName().startsWith("java."); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                try {
                    out.put(c.getSimpleName() + "." + f.getName(), f.get(o));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }

    private static String diff(Map<String, Object> before, Map<String, Object> after) {
        List<String> changed = new ArrayList<>();
        before.forEach((k, v) -> {
            if (!Objects.equals(v, after.get(k))) {
                changed.add(k + ": " + v + " -> " + after.get(k));
            }
        });
        return String.join("; ", changed);
    }

    // --- jobs walked through the real steps --------------------------------------------------------------------------

    private WatchSteps watchSteps() {
        return new WatchSteps(config, clock, machine(), new DetailCache(), status, onceLog);
    }

    private RunStateMachine machine() {
        return new RunStateMachine(config.labels(), config.maxFixForward(), config.stall());
    }

    /** afk-watch-run's steps in route order, each followed by every WatchJob predicate, over many runs. */
    private void walkWatchRuns(Consumer<Object> check) {
        List<Set<String>> labelSets = List.of(Set.of(RUNNING), Set.of(RUNNING, READY), Set.of(RUNNING, HUMAN));
        List<String> comments = new ArrayList<>(Arrays.asList(null, "open", "known-sha", "ended", "close-sent",
                "unreadable", "stop-pending", "stop-pending-settled"));
        List<String> pushes = new ArrayList<>(Arrays.asList(null, "abc", "def"));
        List<CiVerdict> cis = List.of(CiVerdict.SUCCESS, new CiVerdict(CiVerdict.State.PENDING, List.of()),
                new CiVerdict(CiVerdict.State.FAILURE, List.of(new CheckEvidence("test", "failure", "red", ""))));
        List<DeployVerdict> deploys = List.of(DeployVerdict.NONE, new DeployVerdict(DeployVerdict.State.SUCCESS, null));
        for (boolean open : List.of(true, false)) {
            for (Set<String> labels : labelSets) {
                for (String comment : comments) {
                    for (String push : pushes) {
                        for (boolean exists : List.of(true, false)) {
                            for (CiVerdict ci : cis) {
                                for (DeployVerdict deploy : deploys) {
                                    WatchSteps steps = watchSteps();
                                    // twice on the same steps: the second time the thread detail is cached
                                    for (int pass = 0; pass < 2; pass++) {
                                        walkWatchRun(check, steps, issue(open, labels.toArray(String[]::new)),
                                                comment, push, exists, ci, deploy);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private void walkWatchRun(Consumer<Object> check, WatchSteps steps, Issue issue, String comment, String push,
                              boolean exists, CiVerdict ci, DeployVerdict deploy) {
        ThreadView fleetView = new ThreadView(THREAD, "ready", "turn-1", "completed", T0.plus(Duration.ofMinutes(1)),
                null, T0.plus(Duration.ofMinutes(20)), List.of(), List.of());
        ListingResult listing = ListingResult.ok(new ListIssues(issue.repo(), RUNNING, true),
                new IssueListing(List.of(issue), List.of()));
        WatchJob job = steps.runs(List.of(listing), Map.of(THREAD, fleetView)).get(0);
        check.accept(job);
        steps.recordFound(job, afkComment(comment));
        check.accept(job);
        if (steps.needsStopState(job)) {
            boolean settled = "stop-pending-settled".equals(comment);
            steps.stopState(job, new T3StopState(THREAD, settled ? "ready" : "running", settled,
                    settled ? T3StopState.TurnEnd.STOPPED : T3StopState.TurnEnd.RUNNING, "turn-1",
                    settled ? T0.plus(Duration.ofMinutes(21)) : null, false, null, List.of()));
            check.accept(job);
        }
        if (steps.needsDetail(job)) {
            List<PhaseReport> reports = push == null ? List.of(new PhaseReport(Phase.GREEN, null, T0.plusSeconds(90)))
                    : List.of(new PhaseReport(Phase.PUSHED, push, T0.plusSeconds(120)));
            steps.detail(job, fleetView.withDetail(reports, List.of()));
            check.accept(job);
        }
        steps.reportedSha(job);
        check.accept(job);
        if (steps.needsShaCheck(job)) {
            steps.shaChecked(job, exists);
            check.accept(job);
        }
        if (steps.needsCi(job)) {
            steps.ci(job, ci);
            check.accept(job);
        }
        if (steps.needsDeploy(job)) {
            steps.deploy(job, deploy);
            check.accept(job);
        }
        String kind = steps.decide(job);
        check.accept(job);
        if (kind.equals("INTERRUPT") || kind.equals("STOP_SESSION")) {
            steps.stopRequest(job);
            check.accept(job);
        }
        if (kind.equals("FIX_FORWARD")) {
            steps.fixForwardAccepted(job, new T3Accepted(THREAD, T0.plus(Duration.ofMinutes(25))));
            check.accept(job);
        }
        if (steps.recordWrite(job) != null) {
            steps.recordWritten(job, new AfkComment(11, "written"));
            check.accept(job);
        }
        if (kind.equals("ESCALATE")) {
            check.accept(steps.handBack(job));
        }
        if (kind.equals("CLOSE") && steps.needsClose(job)) {
            steps.closeSent(job);
            check.accept(job);
        }
    }

    /** An AFK comment of the given shape for {@link #KEY}, attempt 1 on {@link #THREAD}. */
    private static AfkComment afkComment(String shape) {
        if (shape == null) {
            return null;
        }
        RunRecord open = RunRecord.dispatched(1, THREAD, T0, "base0");
        RunRecord record = switch (shape) {
            case "open" -> open;
            case "known-sha" -> open.withSha("abc", T0.plusSeconds(130));
            case "ended" -> open.ended(EscalationReason.AGENT_FAILED.name()).withEvidence("it failed");
            case "exhausted" -> RunRecord.dispatched(3, THREAD, T0, "base0")
                    .ended(EscalationReason.AGENT_FAILED.name()).withEvidence("it failed");
            case "close-sent" -> open.withSha("abc", T0.plusSeconds(130)).withPhase(Phase.DEPLOYED, T0.plusSeconds(200))
                    .ended(RunStateMachine.CLOSED).withCloseSent();
            case "stop-pending", "stop-pending-settled" -> open.ended(EscalationReason.AGENT_FAILED.name())
                    .withEvidence("it stalled").withStop(RunRecord.Stop.interrupted(T0.plus(Duration.ofMinutes(20))));
            case "unreadable" -> null;
            default -> throw new IllegalArgumentException(shape);
        };
        String body = record == null ? "**AFK run** — attempt 1\n\n" + PhaseChecklist.MARKER_START + "{garbled -->"
                : PhaseChecklist.render(KEY, record);
        return new AfkComment(11, body);
    }

    /** afk-dispatch's steps in route order, each followed by every DispatchJob predicate. */
    private void walkDispatches(Consumer<Object> check) {
        List<String> comments = new ArrayList<>(Arrays.asList(null, "open", "ended", "exhausted", "unreadable",
                "headless"));
        List<Issue> freshes = List.of(issue(true, READY), issue(false, READY), issue(true, READY, HUMAN),
                issue(true), issue(true, READY, RUNNING));
        for (boolean stamp : List.of(true, false)) {
            for (Issue fresh : freshes) {
                for (String comment : comments) {
                    DispatchJob job = dispatchSteps.start(new DispatchPolicy.Dispatch(issue(true, READY), stamp));
                    check.accept(job);
                    try {
                        dispatchSteps.confirmReady(job, fresh);
                        check.accept(job);
                        dispatchSteps.recordFound(job, "headless".equals(comment)
                                ? new AfkComment(11, PhaseChecklist.MARKER_START + "{garbled -->")
                                : afkComment(comment));
                        check.accept(job);
                    } catch (SkipIssue skipped) {
                        check.accept(job);
                        continue;
                    }
                    if (dispatchSteps.needsGrants(job)) {
                        dispatchSteps.grantsRead(job, RunComments.UNREAD, "afk");
                        check.accept(job);
                    }
                    if (dispatchSteps.refusedByBudget(job)) {
                        dispatchSteps.refusalComment(job, "afk");
                        check.accept(job);
                        continue;
                    }
                    if (dispatchSteps.needsBase(job)) {
                        dispatchSteps.baseRead(job, "head0");
                        check.accept(job);
                    }
                    dispatchSteps.recordWrite(job, new T3Accepted(THREAD, T0));
                    check.accept(job);
                    dispatchSteps.refusedRecord(job, refusal());
                    check.accept(job);
                    HandBack handBack = dispatchSteps.refusedHandBack(job, new AfkComment(11, "written"));
                    check.accept(job);
                    check.accept(handBack);
                }
            }
        }
    }

    /** afk-hand-back's steps in route order, each followed by every HandBack predicate. */
    private void walkHandBacks(Consumer<Object> check) {
        RunRecord ended = RunRecord.dispatched(1, THREAD, T0, "base0").ended(EscalationReason.AGENT_FAILED.name());
        for (Set<String> labels : List.of(Set.of(RUNNING), Set.of(RUNNING, READY), Set.of(RUNNING, HUMAN),
                Set.of(RUNNING, READY, HUMAN))) {
            for (RunRecord record : List.of(ended, ended.withBellRung())) {
                for (boolean rang : List.of(true, false)) {
                    HandBack h = new HandBack(KEY, new Handoff(KEY, "https://git.example.com/acme/api/issues/7", 1,
                            Phase.DISPATCHED, EscalationReason.AGENT_FAILED, "it failed", THREAD), record, 11L,
                            true, labels);
                    check.accept(h);
                    handBackSteps.rang(h, rang);
                    check.accept(h);
                }
            }
        }
    }

    private static List<Exception> failures() {
        List<Exception> out = new ArrayList<>();
        for (AdapterFailure.Kind kind : AdapterFailure.Kind.values()) {
            for (String system : List.of("t3", "forgejo")) {
                out.add(new AdapterFailure(kind, system, "dispatch", 400, null, "refused", null));
            }
        }
        out.add(new IllegalStateException("not an adapter failure"));
        return out;
    }

    private static AdapterFailure refusal() {
        return new AdapterFailure(AdapterFailure.Kind.REJECTED, "t3", "dispatch", 400, null, "unknown project", null);
    }

    // --- fixtures ------------------------------------------------------------------------------------------------------

    private static Issue issue(boolean open, String... labels) {
        return new Issue(KEY, "Fix the thing", "body", Set.of(labels), "reporter", T0.minus(Duration.ofDays(1)), open,
                false, "https://git.example.com/acme/api/issues/7");
    }

    private static Map<String, String> armedValues() {
        Map<String, String> v = new HashMap<>();
        v.put("afk.kill-switch", "false");
        v.put("afk.allowlist", "acme/api");
        v.put("afk.tracker-url", "https://git.example.com/api/v1");
        v.put("afk.tracker-token-file", "/run/secrets/tracker-token");
        v.put("afk.t3-url", "https://t3.example.com");
        v.put("afk.t3-token-file", "/run/secrets/t3-token");
        v.put("afk.t3-model", "claudeAgent/claude-sonnet-5");
        v.put("afk.t3-projects", "acme/api=proj-acme-api");
        return v;
    }
}
