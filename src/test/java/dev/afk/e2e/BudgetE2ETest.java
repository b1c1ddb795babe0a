package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Budget;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import dev.afk.sim.T3Simulator.ControlCommand;
import dev.afk.sim.TrackerModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The per-issue budget of issue 10 end to end, over the real routes and real HTTP: a run that would need a turn past
 * {@code AFK_MAX_TURNS}, that runs past {@code AFK_RUN_MAX_MINUTES}, or whose metered tokens reach
 * {@code AFK_ISSUE_MAX_TOKENS} is stopped and handed back BUDGET_EXHAUSTED with its figures on the issue and in the
 * doorbell; a re-queue past {@code AFK_MAX_ATTEMPTS} is refused with one short comment, until a user allowed to steer
 * comments {@code /afk budget +1}, which allows exactly one more attempt.
 */
class BudgetE2ETest extends E2eSupport {

    static final String REPO = "acme/widgets";

    private int port;

    /** The plane with its HTTP server up, so the test reads {@code /afk/status} and {@code /observe/metrics}. */
    void start(Map<String, String> budget) {
        port = Plane.freePort();
        Map<String, String> p = new LinkedHashMap<>(Map.of("camel.management.enabled", "true",
                "camel.management.port", Integer.toString(port), "camel.server.port", Integer.toString(port)));
        p.putAll(budget);
        startPlane(REPO, p);
    }

    String get(String path) {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code afk_budget_exhausted_total{limit}} as the metrics endpoint shows it. */
    double exhausted(String limit) {
        Matcher m = Pattern.compile("(?m)^afk_budget_exhausted_total\\{[^}]*limit=\"" + limit + "\"[^}]*} (\\S+)$")
                .matcher(get("/observe/metrics"));
        assertThat(m.find()).as("afk_budget_exhausted_total{limit=%s} on the endpoint", limit).isTrue();
        return Double.parseDouble(m.group(1));
    }

    String thread(int attempt) {
        return RunIds.threadId(key(REPO, 1), attempt);
    }

    List<ControlCommand> interrupts(int attempt) {
        return sandbox.t3().controlsFor(thread(attempt)).stream()
                .filter(c -> c.type().equals("thread.turn.interrupt")).toList();
    }

    String checklist() {
        return afkComments(REPO, 1).get(0).body();
    }

    List<TrackerModel.Comment> refusals() {
        return sandbox.model().comments(REPO, 1).stream()
                .filter(c -> c.body().contains(Budget.REFUSED_MARKER_START)).toList();
    }

    void requeue() {
        sandbox.model().removeLabel(REPO, 1, HUMAN, Sandbox.MAINTAINER);
        sandbox.model().addLabel(REPO, 1, READY, Sandbox.MAINTAINER);
    }

    void rounds(int n) {
        for (int i = 0; i < n; i++) {
            round();
        }
    }

    /** Hand-off evidence, the checklist and the doorbell all carry the figures; the run ends only after its stop. */
    void assertHandedBackFor(Budget.Limit limit, String figure) {
        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.endReason()).isEqualTo("BUDGET_EXHAUSTED");
        assertThat(Budget.limitOf(r)).contains(limit);
        assertThat(r.evidence()).startsWith("budget exhausted: " + limit.wire() + " (" + limit.variable() + ")")
                .contains(figure, "budget: attempt 1/3");
        assertThat(r.stop()).as("the agent was stopped first").isNotNull();
        assertThat(r.stop().stoppedAt()).as("and the stop confirmed").isNotNull();
        assertThat(checklist()).as("the evidence is on the issue").contains("**Evidence:**",
                "budget exhausted: " + limit.wire(), figure);
        assertThat(checklist()).as("the checklist keeps its budget line after the doorbell")
                .containsPattern("(?m)^budget: attempt 1/3 · turns \\d+/\\d+ · ");
        assertThat(sandbox.slack().messages()).as("one doorbell").singleElement().asString()
                .contains(REPO + "#1", "budget exhausted: " + limit.wire(), limit.variable(), figure);
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS, READY);
        assertThat(sandbox.t3().thread(thread(1)).orElseThrow().sessionStatus()).isNotEqualTo("running");
        assertThat(exhausted(limit.wire())).isEqualTo(1.0);
        for (Budget.Limit other : Budget.Limit.values()) {
            if (other != limit) {
                assertThat(exhausted(other.wire())).as(other.wire()).isEqualTo(0.0);
            }
        }
    }

    @Test
    void theTurnThatWouldExceedAfkMaxTurnsIsNotSentAndTheRunIsHandedBackWithItsFigures() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Speed up the build", "40 minutes.", Behaviour.CI_RED_FOREVER);
        start(Map.of("afk.max-turns", "2", "afk.max-fix-forward", "10"));
        plane.poll();

        roundsUntil(() -> labels(REPO, 1).contains(HUMAN), 60);
        rounds(3); // later ticks neither send the turn nor ring again

        assertThat(sandbox.t3().turnsFor(thread(1))).as("the first turn and one fix-forward; turn 3 never sent")
                .hasSize(2);
        assertThat(record(REPO, 1).orElseThrow().fixForward()).isEqualTo(1);
        assertThat(interrupts(1)).as("the agent had settled: nothing to interrupt").isEmpty();
        assertThat(record(REPO, 1).orElseThrow().stop().interrupts()).isZero();
        assertHandedBackFor(Budget.Limit.TURNS, "the next turn would be turn 3 of 2");
        assertThat(checklist()).containsPattern("(?m)^budget: attempt 1/3 · turns 2/2 · ");
        assertThat(sandbox.slack().messages().get(0).toString()).contains("turns 2/2");
        assertNoContractViolations();
    }

    @Test
    void aRunPastAfkRunMaxMinutesIsInterruptedAndHandedBack() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Investigate the leak", "1 GB a day.", Behaviour.STALLS);
        start(Map.of("afk.run-max-minutes", "30"));
        plane.poll();
        rounds(3);
        assertThat(sandbox.t3().thread(thread(1)).orElseThrow().sessionStatus()).as("precondition: running")
                .isEqualTo("running");
        assertThat(labels(REPO, 1)).contains(IN_PROGRESS).doesNotContain(HUMAN);

        clock.advance(Duration.ofMinutes(30)); // AFK_STALL_MINUTES (90) is far off
        plane.watch();
        assertThat(interrupts(1)).as("the agent is interrupted first").singleElement()
                .extracting(ControlCommand::commandId).isEqualTo(RunIds.interruptCommandId(thread(1), 1));
        assertThat(sandbox.slack().messages()).as("no doorbell before the stop is confirmed").isEmpty();
        roundsUntil(() -> labels(REPO, 1).contains(HUMAN), 5);
        rounds(2);

        assertThat(interrupts(1)).hasSize(1);
        assertThat(sandbox.t3().turnsFor(thread(1))).hasSize(1);
        assertHandedBackFor(Budget.Limit.MINUTES, "the attempt has run 30 of 30 minutes");
        assertThat(record(REPO, 1).orElseThrow().stop().interrupts()).isEqualTo(1);
        assertNoContractViolations();
    }

    @Test
    void meteredTokensReachingAfkIssueMaxTokensHandTheRunBackAndTheChecklistShowsTheFigure() {
        sandbox.repo(REPO);
        sandbox.t3().tokensPerTurn(thread(1), 6_000); // the sandbox's provider instance (claudeAgent) is metered
        sandbox.readyIssue(REPO, "Speed up the build", "40 minutes.", Behaviour.CI_RED_FOREVER);
        start(Map.of("afk.issue-max-tokens", "10000", "afk.max-fix-forward", "10", "afk.max-turns", "10"));
        plane.poll();

        roundsUntil(() -> checklist().contains("6k/10k tokens"), 30);
        assertThat(record(REPO, 1).orElseThrow().ended()).as("6k of 10k: the run goes on").isFalse();
        assertThat(record(REPO, 1).orElseThrow().tally().attemptTokens()).isEqualTo(6_000L);

        roundsUntil(() -> labels(REPO, 1).contains(HUMAN), 60);
        rounds(2);

        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.tally().issueTokens()).as("the settle of turn 2 reported 12k").isEqualTo(12_000L);
        assertThat(sandbox.t3().turnsFor(thread(1))).as("no turn after the limit was reached").hasSize(2);
        assertHandedBackFor(Budget.Limit.TOKENS, "the issue has used 12k of 10k tokens");
        assertThat(checklist()).containsPattern("(?m)^budget: .* · 12k/10k tokens$");
        assertNoContractViolations();
    }

    @Test
    void anUnmeteredThreadShowsTokensNotReportedAndIsNeverHandedBackForTokens() {
        sandbox.repo(REPO);
        sandbox.t3().meterThread(thread(1), false).tokensPerTurn(thread(1), 6_000); // Cursor/ACP reports nothing
        sandbox.readyIssue(REPO, "Fix the date parser", "29 Feb fails.", Behaviour.CI_RED_ONCE);
        start(Map.of("afk.issue-max-tokens", "10000"));
        plane.poll();
        round();
        assertThat(checklist()).contains("tokens: not reported");

        roundsUntil(() -> !issue(REPO, 1).open(), 40);

        assertThat(sandbox.t3().turnsFor(thread(1))).as("first turn + the fix-forward, 12k used unseen").hasSize(2);
        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.endReason()).isEqualTo("closed");
        assertThat(r.tally().issueTokens()).isNull();
        assertThat(checklist()).containsPattern("(?m)^budget: .* · tokens: not reported$");
        assertThat(exhausted("tokens")).isEqualTo(0.0);
        assertThat(sandbox.slack().messages()).isEmpty();
        assertNoContractViolations();
    }

    /** Attempt 1 fails (metered: 5k tokens), handed back; AFK may read permissions (Forgejo: as a repo admin). */
    void firstAttemptHandedBack(String maxAttempts) {
        sandbox.repo(REPO);
        sandbox.model().setRole(REPO, Sandbox.AFK_LOGIN, "admin");
        sandbox.model().setRole(REPO, "wes", "write");
        sandbox.model().setRole(REPO, "rita", "read");
        sandbox.t3().tokensPerTurn(thread(1), 5_000).tokensPerTurn(thread(2), 7_000);
        sandbox.readyIssue(REPO, "Refactor the widget cache", "Split it.", Behaviour.ERRORS);
        start(Map.of("afk.max-attempts", maxAttempts));
        plane.poll();
        roundsUntil(() -> labels(REPO, 1).contains(HUMAN) && !labels(REPO, 1).contains(IN_PROGRESS), 20);
        assertThat(record(REPO, 1).orElseThrow().endReason()).isEqualTo("AGENT_FAILED");
    }

    @Test
    void aRequeuePastAfkMaxAttemptsIsRefusedWithOneCommentHoweverManyPolls() {
        firstAttemptHandedBack("1");
        try (AfkLog log = AfkLog.attach()) {
            requeue();
            for (int i = 0; i < 4; i++) {
                plane.poll();
                clock.advance(Duration.ofMinutes(1));
            }

            assertThat(sandbox.t3().thread(thread(2))).as("no dispatch").isEmpty();
            assertThat(sandbox.t3().threads()).hasSize(1);
            assertThat(refusals()).as("exactly one refusal comment").singleElement().satisfies(c -> {
                assertThat(c.user()).isEqualTo(Sandbox.AFK_LOGIN);
                assertThat(c.body()).contains(Budget.refusedMarker(2), "AFK will not start attempt 2",
                        "AFK_MAX_ATTEMPTS", "/afk budget +1");
            });
            assertThat(record(REPO, 1).orElseThrow().attempt()).as("the record is untouched").isEqualTo(1);
            assertThat(labels(REPO, 1)).contains(READY).doesNotContain(IN_PROGRESS, HUMAN);
            assertThat(log.containing("skip issue=" + REPO + "#1")).as(String.join("\n", log.lines()))
                    .singleElement().asString().contains("ATTEMPTS_EXHAUSTED", "attempt 2 refused");
        }
        assertThat(get("/afk/status")).contains("ATTEMPTS_EXHAUSTED", "attempt 2 refused: AFK_MAX_ATTEMPTS is 1");
        assertThat(exhausted("attempts")).isEqualTo(1.0);
        assertThat(sandbox.slack().messages()).as("only attempt 1's doorbell").hasSize(1);
        assertNoContractViolations();
    }

    @Test
    void budgetPlusOneByATrustedUserAllowsExactlyOneMoreAttemptAndByAReadOnlyUserNothing() {
        firstAttemptHandedBack("1");
        requeue();
        plane.poll();
        assertThat(refusals()).hasSize(1);

        clock.advance(Duration.ofMinutes(5)); // a person reads the refusal, and answers
        sandbox.model().addComment(REPO, 1, "/afk budget +1", "rita");
        plane.poll();
        plane.poll();
        assertThat(sandbox.t3().thread(thread(2))).as("a read-only user grants nothing").isEmpty();
        assertThat(refusals()).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        sandbox.model().addComment(REPO, 1, "/afk budget +1\nplease try once more", "wes");
        plane.poll();
        plane.poll();

        assertThat(sandbox.t3().threads()).as("exactly one new thread").hasSize(2);
        assertThat(sandbox.t3().thread(thread(2))).isPresent();
        RunRecord second = record(REPO, 1).orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.tally().granted()).as("the grant is carried").isEqualTo(1);
        assertThat(second.tally().earlierTokens()).as("attempt 1's tokens are carried").isEqualTo(5_000L);
        assertThat(labels(REPO, 1)).contains(IN_PROGRESS).doesNotContain(READY, HUMAN);
        round();
        assertThat(checklist()).as("the watch's checklist line").contains("attempt 2/2 (1 granted)", "5k tokens");

        roundsUntil(() -> labels(REPO, 1).contains(HUMAN) && !labels(REPO, 1).contains(IN_PROGRESS), 20);
        RunRecord ended = record(REPO, 1).orElseThrow();
        assertThat(ended.attempt()).isEqualTo(2);
        assertThat(ended.endReason()).isEqualTo("AGENT_FAILED");
        assertThat(ended.tally().granted()).isEqualTo(1);
        assertThat(ended.tally().earlierTokens()).isEqualTo(5_000L);
        assertThat(ended.tally().issueTokens()).as("totals survive the attempt").isEqualTo(12_000L);

        clock.advance(Duration.ofMinutes(5));
        requeue();
        for (int i = 0; i < 3; i++) {
            plane.poll();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(sandbox.t3().threads()).as("the grant was used: no attempt 3").hasSize(2);
        assertThat(refusals()).as("a second refusal, for attempt 3").hasSize(2);
        assertThat(refusals().get(1).body()).contains(Budget.refusedMarker(3), "plus 1 granted");
        assertThat(exhausted("attempts")).isEqualTo(2.0);
        assertThat(labels(REPO, 1)).contains(READY).doesNotContain(IN_PROGRESS, HUMAN);
        assertNoContractViolations();
    }
}
