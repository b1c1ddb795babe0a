package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afk.core.IssueKey;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import dev.afk.sim.TrackerModel;
import dev.afk.wire.T3Wire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariant checker can fail: each test plays a hand-made history on the simulators (no plane: this test acts
 * as AFK itself, through the tracker model, T3's dispatch endpoint and the Slack webhook) and expects the rule it
 * breaks to be reported with the offending event; the same history done right must pass, so the rule is not simply
 * always failing.
 */
class FleetInvariantsTest {

    private static final String READY = "ready-for-agent";
    private static final String IN_PROGRESS = "in-progress";
    private static final String HUMAN = "ready-for-human";
    private static final String AFK = Sandbox.AFK_LOGIN;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T08:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path secrets;
    private Sandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = new Sandbox(clock, "forgejo", 0, 0, 0, secrets, "deploy").start();
        sandbox.repo("acme/widgets");
        sandbox.repo("acme/gadgets");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private TrackerModel model() {
        return sandbox.model();
    }

    private List<String> violations(int cap) {
        return FleetInvariants.forSandbox(cap).violations(sandbox);
    }

    // ---- AFK's moves, by hand ----

    /** thread.create + the first thread.turn.start of attempt k, with AFK's derived ids. */
    private String dispatch(String repo, int number, int attempt) {
        String thread = RunIds.threadId(IssueKey.of(repo, number), attempt);
        t3(T3Wire.threadCreate(RunIds.createCommandId(thread), thread, "project-" + repo.replace('/', '-'),
                repo + "#" + number, "claudeAgent", "claude-sonnet-5", clock.instant()));
        t3(T3Wire.turnStart(RunIds.turnCommandId(thread), thread, RunIds.turnMessageId(thread), "do it",
                clock.instant()));
        return thread;
    }

    private void fixForwardTurn(String thread, int round) {
        t3(T3Wire.turnStart(RunIds.fixForwardCommandId(thread, round), thread,
                RunIds.fixForwardMessageId(thread, round), "fix it", clock.instant()));
    }

    private void t3(com.fasterxml.jackson.databind.JsonNode command) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sandbox.t3().baseUrl()
                        + "/api/orchestration/dispatch"))
                .header("Authorization", "Bearer " + Sandbox.T3_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(T3Wire.toJson(command))).build());
        assertThat(r.statusCode()).as("T3 accepted %s: %s", command.path("type").asText(), r.body()).isEqualTo(200);
    }

    /** Writes (or rewrites in place) the AFK comment with {@code record}, as AFK's tracker user. */
    private void record(String repo, int number, RunRecord record) {
        String body = PhaseChecklist.render(IssueKey.of(repo, number), record);
        Optional<TrackerModel.Comment> mine = model().comments(repo, number).stream()
                .filter(c -> AFK.equals(c.user()) && PhaseChecklist.isAfkComment(c.body())).findFirst();
        if (mine.isPresent()) {
            model().editComment(repo, mine.get().id(), body);
        } else {
            model().addComment(repo, number, body, AFK);
        }
    }

    private RunRecord open(String thread, int attempt) {
        return RunRecord.dispatched(attempt, thread, clock.instant());
    }

    private void doorbell(String repo, int number) {
        String text = repo + "#" + number + " needs a human: the agent's thread errored (attempt 1, reached tests-red)";
        String json = "{\"text\":\"" + text + "\",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\","
                + "\"text\":\"" + text + "\"}}]}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sandbox.slack().webhookUrl()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(r.statusCode()).as("Slack accepted the post: %s", r.body()).isEqualTo(200);
    }

    /** Dispatched the way AFK does: T3, the record, in-progress on, ready-for-agent off. */
    private String dispatchAndStamp(String repo, int number, int attempt) {
        String thread = dispatch(repo, number, attempt);
        record(repo, number, open(thread, attempt));
        model().addLabel(repo, number, IN_PROGRESS, AFK);
        model().removeLabel(repo, number, READY, AFK);
        return thread;
    }

    private void handOff(String repo, int number, String thread, int attempt) {
        record(repo, number, open(thread, attempt).ended("AGENT_FAILED"));
        doorbell(repo, number);
        model().addLabel(repo, number, HUMAN, AFK);
        model().removeLabel(repo, number, IN_PROGRESS, AFK);
    }

    private void requeueByAPerson(String repo, int number) {
        model().removeLabel(repo, number, HUMAN, Sandbox.MAINTAINER);
        model().addLabel(repo, number, READY, Sandbox.MAINTAINER);
    }

    // ---- (a) ----

    @Test
    void aSecondThreadCreatedWhileTheFirstAttemptIsOpenBreaksRuleA() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.STALLS);
        String first = dispatchAndStamp("acme/widgets", 1, 1);
        clock.advance(Duration.ofMinutes(1));
        String second = dispatch("acme/widgets", 1, 2); // attempt 1's record never said it ended

        assertThat(violations(3)).singleElement().asString()
                .startsWith("(a) acme/widgets#1: thread " + second + " (attempt 2)")
                .contains("while thread " + first + " (attempt 1", "no AFK record ever said its attempt ended",
                        "attempt 1 phase dispatched open");
    }

    @Test
    void aSecondThreadAfterTheFirstAttemptEndedAndAPersonRequeuedIsFine() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.STALLS);
        String first = dispatchAndStamp("acme/widgets", 1, 1);
        handOff("acme/widgets", 1, first, 1);
        requeueByAPerson("acme/widgets", 1);
        dispatchAndStamp("acme/widgets", 1, 2);

        assertThat(violations(3)).isEmpty();
    }

    @Test
    void aThreadCreatedBeforeThePreviousAttemptsEndWasRecordedBreaksRuleA() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.STALLS);
        String first = dispatchAndStamp("acme/widgets", 1, 1);
        String second = dispatch("acme/widgets", 1, 2);
        handOff("acme/widgets", 1, first, 1); // ended, but only after attempt 2's thread existed

        assertThat(violations(3)).singleElement().asString()
                .startsWith("(a) acme/widgets#1: thread " + second).contains("its attempt ended only at");
    }

    @Test
    void aTurnSentToAThreadWhoseAttemptEndedBreaksRuleA() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.STALLS);
        String thread = dispatchAndStamp("acme/widgets", 1, 1);
        handOff("acme/widgets", 1, thread, 1);
        fixForwardTurn(thread, 1);

        assertThat(violations(3)).singleElement().asString()
                .startsWith("(a) acme/widgets#1: turn " + RunIds.fixForwardCommandId(thread, 1))
                .contains("after its attempt 1 ended");
    }

    @Test
    void aRecordWrittenByAnotherUserDoesNotEndAnAttempt() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.STALLS);
        String first = dispatchAndStamp("acme/widgets", 1, 1);
        model().addComment("acme/widgets", 1, PhaseChecklist.render(IssueKey.of("acme/widgets", 1),
                open(first, 1).ended("closed")), "mallory");
        dispatch("acme/widgets", 1, 2);

        assertThat(violations(3)).singleElement().asString().startsWith("(a) acme/widgets#1: thread ");
    }

    // ---- (b) ----

    @Test
    void moreOpenIssuesInProgressThanTheCapBreaksRuleB() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/gadgets", "Two", "", Behaviour.STALLS);
        dispatchAndStamp("acme/widgets", 1, 1);
        dispatchAndStamp("acme/gadgets", 1, 1);

        assertThat(violations(1)).singleElement().asString()
                .startsWith("(b) after #").contains("acme/gadgets#1 LABEL_ADDED in-progress by afk-bot")
                .contains("2 open issues carry in-progress > AFK_MAX_IN_FLIGHT=1", "[acme/gadgets#1, acme/widgets#1]");
        assertThat(violations(2)).as("within a cap of 2").isEmpty();
    }

    @Test
    void twoRunsInOneRepoBreakRuleB() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/widgets", "Two", "", Behaviour.STALLS);
        dispatchAndStamp("acme/widgets", 1, 1);
        dispatchAndStamp("acme/widgets", 2, 1);

        assertThat(violations(3)).singleElement().asString()
                .startsWith("(b) after #").contains("acme/widgets#2 LABEL_ADDED in-progress")
                .contains("2 open issues of acme/widgets carry in-progress (at most one run per repo)");
    }

    @Test
    void reopeningAClosedIssueThatStillCarriesTheLockCountsAgainstTheCap() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/gadgets", "Two", "", Behaviour.STALLS);
        dispatchAndStamp("acme/widgets", 1, 1);
        model().setOpen("acme/widgets", 1, false, null); // a closed issue's lock holds no slot ...
        dispatchAndStamp("acme/gadgets", 1, 1);
        assertThat(violations(1)).filteredOn(v -> v.startsWith("(b)")).isEmpty();

        model().setOpen("acme/widgets", 1, true, null); // ... until the issue is reopened with it
        assertThat(violations(1)).filteredOn(v -> v.startsWith("(b)")).singleElement().asString()
                .contains("acme/widgets#1 REOPENED", "2 open issues carry in-progress > AFK_MAX_IN_FLIGHT=1");
    }

    // ---- (c) ----

    @Test
    void aClosedIssueStillCarryingInProgressBreaksRuleC() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.SUCCEEDS);
        String thread = dispatchAndStamp("acme/widgets", 1, 1);
        record("acme/widgets", 1, open(thread, 1).ended("closed"));
        model().setOpen("acme/widgets", 1, false, null); // ... and the lock is never dropped

        assertThat(violations(3)).singleElement().asString()
                .startsWith("(c) acme/widgets#1 is closed but still carries [in-progress]")
                .contains("LABEL_ADDED in-progress by afk-bot", "CLOSED");

        model().removeLabel("acme/widgets", 1, IN_PROGRESS, AFK);
        assertThat(violations(3)).isEmpty();
    }

    @Test
    void aHandOffThatKeepsTheLockOrTheQueueLabelBreaksRuleC() {
        sandbox.readyIssue("acme/widgets", "Kept the lock", "", Behaviour.ERRORS);
        sandbox.readyIssue("acme/gadgets", "Kept the queue label", "", Behaviour.ERRORS);
        String t1 = dispatchAndStamp("acme/widgets", 1, 1);
        record("acme/widgets", 1, open(t1, 1).ended("AGENT_FAILED"));
        doorbell("acme/widgets", 1);
        model().addLabel("acme/widgets", 1, HUMAN, AFK); // in-progress never dropped
        String t2 = dispatch("acme/gadgets", 1, 1);
        record("acme/gadgets", 1, open(t2, 1).ended("AGENT_FAILED")); // handed back before the stamp finished
        doorbell("acme/gadgets", 1);
        model().addLabel("acme/gadgets", 1, HUMAN, AFK);

        assertThat(violations(3)).hasSize(2)
                .anySatisfy(v -> assertThat(v).startsWith(
                        "(c) acme/gadgets#1 carries ready-for-human but still carries [ready-for-agent]"))
                .anySatisfy(v -> assertThat(v).startsWith(
                        "(c) acme/widgets#1 carries ready-for-human but still carries [in-progress]"));
    }

    @Test
    void aPersonsRequeueAfterTheHandOffIsNotALabelLeftBehind() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.ERRORS);
        String thread = dispatchAndStamp("acme/widgets", 1, 1);
        handOff("acme/widgets", 1, thread, 1);
        model().addLabel("acme/widgets", 1, READY, Sandbox.MAINTAINER); // human label kept, queue label back

        assertThat(violations(3)).isEmpty();
    }

    // ---- (d) ----

    @Test
    void twoDoorbellsForOneHandOffBreakRuleD() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.ERRORS);
        String thread = dispatchAndStamp("acme/widgets", 1, 1);
        record("acme/widgets", 1, open(thread, 1).ended("AGENT_FAILED"));
        doorbell("acme/widgets", 1);
        doorbell("acme/widgets", 1); // the resumed hand-off rang again
        model().addLabel("acme/widgets", 1, HUMAN, AFK);
        model().removeLabel("acme/widgets", 1, IN_PROGRESS, AFK);

        assertThat(violations(3)).singleElement().asString()
                .startsWith("(d) acme/widgets#1: 2 doorbell(s) for 1 hand-off(s)")
                .contains("hand-off #", "LABEL_ADDED ready-for-human by afk-bot", "doorbell at ");
        assertThat(FleetInvariants.forSandbox(3).slackWasDown().violations(sandbox))
                .as("Slack being down never excuses a second doorbell").hasSize(1);
    }

    @Test
    void aHandOffWithoutADoorbellBreaksRuleDUnlessSlackWasDown() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.ERRORS);
        String thread = dispatchAndStamp("acme/widgets", 1, 1);
        record("acme/widgets", 1, open(thread, 1).ended("AGENT_FAILED"));
        model().addLabel("acme/widgets", 1, HUMAN, AFK);
        model().removeLabel("acme/widgets", 1, IN_PROGRESS, AFK);

        assertThat(violations(3)).singleElement().asString()
                .startsWith("(d) acme/widgets#1: 0 doorbell(s) for 1 hand-off(s)");
        assertThat(FleetInvariants.forSandbox(3).slackWasDown().violations(sandbox)).isEmpty();
    }

    @Test
    void aDoorbellWithoutAHandOffBreaksRuleD() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.ERRORS);
        doorbell("acme/widgets", 1);

        assertThat(violations(3)).singleElement().asString()
                .startsWith("(d) acme/widgets#1: 1 doorbell(s) for 0 hand-off(s)");
    }

    @Test
    void assertHeldListsEveryViolation() {
        sandbox.readyIssue("acme/widgets", "One", "", Behaviour.ERRORS);
        sandbox.readyIssue("acme/gadgets", "Two", "", Behaviour.ERRORS);
        dispatchAndStamp("acme/widgets", 1, 1);
        dispatchAndStamp("acme/gadgets", 1, 1);
        doorbell("acme/gadgets", 1);

        assertThatThrownBy(() -> FleetInvariants.forSandbox(1).assertHeld(sandbox))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("fleet invariants violated (2):")
                .hasMessageContaining("(b) after #").hasMessageContaining("(d) acme/gadgets#1");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
