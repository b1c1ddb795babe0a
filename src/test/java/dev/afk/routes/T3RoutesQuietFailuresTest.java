package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.FixForwardTurn;
import dev.afk.core.IssueKey;
import dev.afk.core.RunIds;
import dev.afk.core.ThreadView;
import dev.afk.sim.SimFault;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/**
 * A T3 failure is one typed {@link AdapterFailure}, counted once in {@code afk.adapter.failures} and logged as one
 * WARN line without a stack trace; the error handler's line per retry attempt is DEBUG. Covers every step that
 * reads a T3 reply, over real HTTP against the simulator. A malformed reply is injected for good (it is never
 * retried, so it is asked for once), which keeps a slow attempt that timed out from using it up.
 */
class T3RoutesQuietFailuresTest extends T3RoutesBaseTest {

    static final String DISPATCH = "/api/orchestration/dispatch";
    static final String NO_SEQUENCE = "{\"threadId\":\"x\"}";
    static final String NOT_JSON = "<html>proxy error</html>";
    static final String SHA = "3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";
    static final String ERROR_HANDLER_LOGGER = "org.apache.camel.processor.errorhandler";

    double failures(Kind kind) {
        return counted("afk.adapter.failures", "system", "t3", "kind", kind.name());
    }

    double allFailures() {
        return meters().find("afk.adapter.failures").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Dispatches attempt 1 of issue {@code number}; its thread id is derived. */
    String dispatched(int number) {
        DispatchRequest request = new DispatchRequest(issue("acme/widgets", number), 1);
        template.requestBody("direct:t3-dispatch", request);
        return RunIds.threadId(request.issue().key(), 1);
    }

    Runnable fixForward(int number, String threadId) {
        return () -> template.requestBody("direct:t3-turn",
                new FixForwardTurn(IssueKey.of("acme/widgets", number), threadId, 1, SHA, List.of()));
    }

    /** The call fails MALFORMED, is counted once, and leaves exactly one WARN line, without a trace or a wrapper. */
    void assertOneQuietMalformedFailure(Runnable call) {
        double before = allFailures();
        AdapterFailure f;
        try (CapturedLogs logs = CapturedLogs.attach()) {
            f = failureOf(call);

            List<CapturedLogs.Line> loud = logs.lines().stream()
                    .filter(l -> l.level().isMoreSpecificThan(Level.WARN)).toList();
            assertThat(loud).as(logs.all()).singleElement().satisfies(l -> {
                assertThat(l.logger()).isEqualTo("afk.adapter");
                assertThat(l.level()).isEqualTo(Level.WARN);
                assertThat(l.text()).contains("MALFORMED").doesNotContain("\n");
            });
            assertThat(logs.all()).doesNotContain("RuntimeBeanExpressionException", "MethodNotFoundException",
                    "Method with name", "\tat ");
        }
        assertThat(f.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(f.system()).isEqualTo("t3");
        assertThat(failures(Kind.MALFORMED)).isEqualTo(1.0);
        assertThat(allFailures() - before).isEqualTo(1.0);
    }

    @Test
    void aFixForwardReplyWithoutASequenceIsOneQuietMalformedFailure() {
        String threadId = dispatched(400);
        t3.inject(SimFault.reply("POST", DISPATCH, 200, NO_SEQUENCE, -1));

        assertOneQuietMalformedFailure(fixForward(400, threadId));
    }

    @Test
    void aFixForwardThreadDetailThatIsNotJsonIsOneQuietMalformedFailure() {
        String threadId = dispatched(401);
        t3.inject(SimFault.reply("GET", "/api/orchestration/threads/.*", 200, NOT_JSON, -1));

        assertOneQuietMalformedFailure(fixForward(401, threadId));
    }

    @Test
    void aThreadCreateReplyWithoutASequenceIsOneQuietMalformedFailure() {
        t3.inject(SimFault.reply("POST", DISPATCH, 200, NO_SEQUENCE, -1), "\"thread.create\"");

        assertOneQuietMalformedFailure(() -> dispatched(402));
    }

    @Test
    void aFirstTurnReplyWithoutASequenceIsOneQuietMalformedFailure() {
        t3.inject(SimFault.reply("POST", DISPATCH, 200, NO_SEQUENCE, -1), "\"thread.turn.start\"");

        assertOneQuietMalformedFailure(() -> dispatched(403));
    }

    @Test
    void aDispatchThreadDetailThatIsNotJsonIsOneQuietMalformedFailure() {
        t3.inject(SimFault.reply("GET", "/api/orchestration/threads/.*", 200, NOT_JSON, -1));

        assertOneQuietMalformedFailure(() -> dispatched(404));
    }

    @Test
    void aShellReplyThatIsNotJsonIsOneQuietMalformedFailure() {
        t3.inject(SimFault.reply("GET", "/api/orchestration/shell", 200, NOT_JSON, -1));

        assertOneQuietMalformedFailure(() -> template.requestBody("direct:t3-fleet", null, Map.class));
    }

    @Test
    void aThreadDetailThatIsNotJsonIsOneQuietMalformedFailure() {
        String threadId = RunIds.threadId(IssueKey.of("acme/widgets", 405), 1);
        t3.inject(SimFault.reply("GET", "/api/orchestration/threads/.*", 200, NOT_JSON, -1));

        assertOneQuietMalformedFailure(() -> template.requestBody("direct:t3-thread", threadId, ThreadView.class));
    }

    @Test
    void retryAttemptsLogAtDebugAndOnlyTheFinalFailureWarnsOnce() {
        t3.inject(SimFault.reply("GET", "/api/orchestration/shell", 503, "", -1));
        Level original = LogManager.getLogger(ERROR_HANDLER_LOGGER).getLevel();
        Configurator.setLevel(ERROR_HANDLER_LOGGER, Level.DEBUG);
        try (CapturedLogs logs = CapturedLogs.attach()) {
            AdapterFailure f = failureOf(() -> template.requestBody("direct:t3-fleet", null, Map.class));

            assertThat(f.kind()).isEqualTo(Kind.SERVER);
            assertThat(logs.lines()).as("the retries were logged, at DEBUG").filteredOn(
                    l -> l.text().contains("On delivery attempt")).isNotEmpty()
                    .allSatisfy(l -> assertThat(l.level()).isEqualTo(Level.DEBUG));
            assertThat(logs.lines()).as(logs.all()).filteredOn(l -> l.level().isMoreSpecificThan(Level.WARN))
                    .singleElement().satisfies(l -> {
                        assertThat(l.logger()).isEqualTo("afk.adapter");
                        assertThat(l.text()).contains("SERVER").contains("(after retries)").doesNotContain("\n");
                    });
        } finally {
            Configurator.setLevel(ERROR_HANDLER_LOGGER, original);
        }
        assertThat(failures(Kind.SERVER)).isEqualTo(1.0);
        assertThat(allFailures()).isEqualTo(1.0);
    }

    @Test
    void aTransientFailureThatRecoversWithinTheCallLogsNoWarningAndCountsNothing() {
        t3.inject(SimFault.reply("POST", DISPATCH, 503, "upstream busy", 2));

        try (CapturedLogs logs = CapturedLogs.attach()) {
            dispatched(406);

            assertThat(logs.lines()).as(logs.all()).filteredOn(l -> l.level().isMoreSpecificThan(Level.WARN))
                    .isEmpty();
        }
        assertThat(allFailures()).isZero();
    }
}
