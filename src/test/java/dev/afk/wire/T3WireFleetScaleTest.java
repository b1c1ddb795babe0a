package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.ThreadView;
import dev.afk.sim.T3SimSchemas;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md §7: a 10,000-thread fleet read is parsed as a stream. The document here is generated thread by
 * thread while the parser reads it, so it never exists in memory as a whole, let alone as a tree.
 */
class T3WireFleetScaleTest {

    static final int THREADS = 10_000;

    /** One /shell thread as the server renders it; every 10th is deleted (a /snapshot habit), every 7th has failed. */
    static String thread(int i) {
        String status = i % 7 == 0 ? "error" : "running";
        String lastError = i % 7 == 0 ? "\"boom " + i + "\"" : "null";
        return """
                {"id":"thread-%d","projectId":"p","title":"acme/widgets#%d",
                 "modelSelection":{"instanceId":"claudeAgent","model":"claude-sonnet-5"},"runtimeMode":"full-access",
                 "interactionMode":"default","branch":null,"worktreePath":null,
                 "latestTurn":{"turnId":"turn-%d","state":"%s","requestedAt":"2026-11-24T07:05:04.663Z",
                   "startedAt":"2026-11-24T07:05:04.663Z","completedAt":null,"assistantMessageId":null},
                 "createdAt":"2026-11-24T07:05:04.649Z","updatedAt":"2026-11-24T07:05:04.663Z","archivedAt":null,
                 "settledOverride":null,"settledAt":null,"deletedAt":%s,
                 "session":{"threadId":"thread-%d","status":"%s","providerName":"claudeAgent","runtimeMode":"full-access",
                   "activeTurnId":null,"lastError":%s,"updatedAt":"2026-11-24T07:05:04.663Z"},
                 "latestUserMessageAt":"2026-11-24T07:05:04.649Z","hasPendingApprovals":false,
                 "hasPendingUserInput":false,"hasActionableProposedPlan":false,"backgroundLiveness":null,
                 "planProgress":{"step":"Implement","completedSteps":1,"totalSteps":3}}"""
                .formatted(i, i, i, i % 7 == 0 ? "error" : "running",
                        i % 10 == 0 ? "\"2026-11-24T08:00:00.000Z\"" : "null", i, status, lastError);
    }

    static InputStream generatedFleet() {
        Enumeration<InputStream> parts = new Enumeration<>() {
            int next = -1; // -1 = head, THREADS = tail

            @Override
            public boolean hasMoreElements() {
                return next <= THREADS;
            }

            @Override
            public InputStream nextElement() {
                String s;
                if (next == -1) {
                    s = "{\"snapshotSequence\":90000,\"projects\":[{\"id\":\"p\"}],\"threads\":[";
                } else if (next == THREADS) {
                    s = "],\"updatedAt\":\"2026-11-24T07:05:13.491Z\"}";
                } else {
                    s = (next == 0 ? "" : ",") + thread(next);
                }
                next++;
                return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
            }
        };
        return new SequenceInputStream(parts);
    }

    @Test
    void theGeneratedThreadIsAValidShellThread() throws IOException {
        String oneThreadShell = "{\"snapshotSequence\":1,\"projects\":[],\"updatedAt\":\"x\",\"threads\":["
                + thread(1) + "]}";
        assertThat(T3SimSchemas.problems("read-model.schema.json", "shellSnapshot",
                new ObjectMapper().readTree(oneThreadShell))).isEmpty();
    }

    @Test
    void aTenThousandThreadFleetIsStreamedIntoOneViewPerLiveThread() throws IOException {
        long start = System.nanoTime();
        Map<String, ThreadView> fleet;
        try (InputStream in = generatedFleet()) {
            fleet = T3Wire.fleet(in);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(fleet).hasSize(THREADS - THREADS / 10);
        assertThat(fleet).doesNotContainKeys("thread-0", "thread-10", "thread-9990");
        ThreadView failed = fleet.get("thread-7");
        assertThat(failed.sessionStatus()).isEqualTo("error");
        assertThat(failed.lastError()).isEqualTo("boom 7");
        assertThat(failed.latestTurnState()).isEqualTo("error");
        ThreadView last = fleet.get("thread-9999");
        assertThat(last.sessionStatus()).isEqualTo("running");
        assertThat(last.latestTurnId()).isEqualTo("turn-9999");
        assertThat(last.latestTurnRequestedAt()).isEqualTo(Instant.parse("2026-11-24T07:05:04.663Z"));
        // Generous bound (a cold JIT on a shared CI box); in practice this takes tens of milliseconds.
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }
}
