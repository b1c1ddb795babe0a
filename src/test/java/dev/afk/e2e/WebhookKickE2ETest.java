package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.afk.core.RunIds;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import dev.afk.sim.SimRequest;
import dev.afk.sim.SimServer;
import dev.afk.sim.T3Simulator;
import dev.afk.sim.TrackerModel;
import dev.afk.sim.WebhookSender;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, Must show, end to end (the real YAML routes, the receiver on its own loopback port, the simulated
 * tracker delivering signed webhooks for its changes): with the periodic ticks in 2099 a {@code labeled} delivery
 * dispatches within 2 s; a burst of 50 deliveries is one or two kicked reconciles; a dropped delivery is the next
 * periodic tick's; a kick during a tick waits for it and duplicates no write; foreign repositories and events that
 * change nothing kick nothing. In the Forgejo dialect here, in the GitHub one in {@link GitHubWebhookKickE2ETest}
 * (which adds the commit events Forgejo does not send).
 */
class WebhookKickE2ETest extends WebhookE2eSupport {

    static final String REPO = "acme/widgets";

    /** The action a tracker sends when a label is added: GitHub {@code labeled}, Forgejo {@code label_updated}. */
    String labeledAction() {
        return "github".equals(tracker()) ? "labeled" : "label_updated";
    }

    @Test
    void aLabeledDeliveryDispatchesWithin2sWhileThePeriodicPollIsFarAway() throws Exception {
        sandbox.repo(REPO);
        sandbox.model().createIssue(REPO, "Add a /healthz endpoint", "Kubernetes needs it.", Sandbox.MAINTAINER,
                false);
        startWithWebhooks(REPO);
        String thread = RunIds.threadId(key(REPO, 1), 1);
        // A plane in service has ticked since it started (its first tick pays the plane's cold start: the HTTP
        // clients, the first connections); the next periodic tick is in 2099.
        periodicPoll();
        assertThat(sandbox.t3().threads()).as("nothing was ready yet").isEmpty();

        sandbox.model().addLabel(REPO, 1, READY, Sandbox.MAINTAINER);
        long dispatched = seenAt("dispatched: in-progress and the T3 thread", () -> labels(REPO, 1)
                .contains(IN_PROGRESS) && sandbox.t3().threads().stream().anyMatch(t -> t.id().equals(thread)));

        WebhookSender.Delivery labeled = firstSince(0, d -> d.event().equals("issues")
                && labeledAction().equals(d.action()) && d.number() == 1);
        assertWithin2s("the dispatch", labeled, dispatched);
        settle();
        assertThat(sandbox.t3().threads()).extracting(T3Simulator.ThreadSnapshot::id).containsExactly(thread);
        assertThat(sandbox.t3().turnsFor(thread)).hasSize(1);
        assertThat(labels(REPO, 1)).contains(IN_PROGRESS).doesNotContain(READY);
        assertThat(kicks("poll")).as("the poll was kicked").isGreaterThanOrEqualTo(1);
        assertThat(ticks("poll")).as("every poll tick after the first was a kicked one: no periodic tick came")
                .isEqualTo(1 + kicks("poll"));
        assertNoContractViolations();
    }

    @Test
    void aBurstOf50DeliveriesForOneRepoIsOneOrTwoKickedReconcilesNot50() throws Exception {
        sandbox.repo(REPO);
        // Not ready: the kicked ticks find nothing to do, so they write nothing that would be delivered again.
        sandbox.model().createIssue(REPO, "Discuss the cache", "", Sandbox.MAINTAINER, false);
        startWithWebhooks(REPO);
        assertThat(kicks("poll") + kicks("watch")).isZero();

        // 50 comments by a person on the issue; their deliveries, signed, all at once (GitHub delivers in parallel).
        sender.pause(true);
        List<TrackerModel.Comment> comments = IntStream.rangeClosed(1, 50).mapToObj(i -> sandbox.model()
                .addComment(REPO, 1, "Another thought on the cache (" + i + ").", Sandbox.MAINTAINER).orElseThrow())
                .toList();
        sender.pause(false);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Answer>> answers;
        long start = System.nanoTime();
        try {
            answers = pool.invokeAll(comments.stream().<Callable<Answer>>map(c -> () -> {
                long sent = System.nanoTime();
                HttpResponse<String> r = sender.send("issue_comment", commentCreated(1, c.id(), c.body()),
                        UUID.randomUUID().toString(), null);
                return new Answer(r.statusCode(), Duration.ofNanos(System.nanoTime() - sent), r.body());
            }).toList());
        } finally {
            pool.shutdown();
        }
        Duration burst = Duration.ofNanos(System.nanoTime() - start);
        settle();

        for (Future<Answer> f : answers) {
            Answer a = f.get();
            assertThat(a.status()).as("answer %s", a.body()).isEqualTo(202);
            assertThat(a.took()).as("answered quickly").isLessThan(Duration.ofSeconds(1));
        }
        // Waiting for the kicked tick (the 500 ms window and the tick) would take 5 rounds of 10 over 2.5 s.
        assertThat(burst).as("all 50 answered without waiting for a tick").isLessThan(WITHIN);
        assertThat(deliveries("kick")).as("every delivery was judged a kick").isEqualTo(50);
        assertThat(kicks("poll")).as("kicked poll ticks for the burst of 50").isBetween(1.0, 2.0);
        assertThat(kicks("watch")).as("kicked watch ticks for the burst of 50").isBetween(1.0, 2.0);
        assertThat(ticks("poll")).isEqualTo(kicks("poll"));
        assertThat(ticks("watch")).isEqualTo(kicks("watch"));
    }

    private record Answer(int status, Duration took, String body) {}

    @Test
    void aDroppedDeliveryDispatchesNothingAndTheNextPeriodicTickDispatchesIt() throws Exception {
        sandbox.repo(REPO);
        sandbox.model().createIssue(REPO, "Add a /healthz endpoint", "", Sandbox.MAINTAINER, false);
        startWithWebhooks(REPO);
        sender.drop(e -> true);

        sandbox.model().addLabel(REPO, 1, READY, Sandbox.MAINTAINER);
        sender.flush();

        assertThat(sender.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.action()).isEqualTo(labeledAction());
            assertThat(d.dropped()).isTrue();
        });
        assertThat(deliveries("kick")).as("nothing reached the receiver").isZero();
        assertThat(KICK_ROUTES).allSatisfy(r -> assertThat(inflight(r) + queued(r)).as(r).isZero());
        assertThat(ticks("poll")).isZero();
        assertThat(labels(REPO, 1)).containsExactly(READY);
        assertThat(sandbox.t3().threads()).isEmpty();

        periodicPoll();

        assertThat(labels(REPO, 1)).as("the periodic tick dispatched it").contains(IN_PROGRESS)
                .doesNotContain(READY);
        assertThat(sandbox.t3().threads()).extracting(T3Simulator.ThreadSnapshot::id)
                .containsExactly(RunIds.threadId(key(REPO, 1), 1));
        settle();
        assertThat(kicks("poll") + kicks("watch")).as("every delivery was lost: nothing was kicked").isZero();
    }

    @Test
    void aKickDuringATickWaitsForItAndDuplicatesNoWrite() throws Exception {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Add a /healthz endpoint", "Kubernetes needs it.", Behaviour.SUCCEEDS);
        // The tick is held for as long as the test takes; no call of it may time out meanwhile.
        startWithWebhooks(REPO, Map.of("afk.http-response-timeout-ms", "20000"));
        String thread = RunIds.threadId(key(REPO, 1), 1);
        // The periodic tick is held at the AFK comment, its first tracker write: it has listed the issue as ready and
        // started the T3 thread and turn.
        SimServer.Hold hold = sandbox.trackerSim().hold("POST", ".*/repos/" + REPO + "/issues/1/comments");
        CompletableFuture<Void> periodic = CompletableFuture.runAsync(this::periodicPoll);
        try {
            assertThat(hold.awaitHeld(Duration.ofSeconds(10))).as("the periodic tick reached its AFK comment")
                    .isTrue();
            int listingsBefore = readyListings().size();
            assertThat(listingsBefore).as("the periodic tick listed the ready issues").isEqualTo(1);

            int mark = mark();
            sandbox.model().addComment(REPO, 1, "Please log the probe too.", Sandbox.MAINTAINER);
            sandbox.model().addLabel(REPO, 1, "bug", Sandbox.MAINTAINER);
            sender.flush();
            assertThat(sender.deliveries().subList(mark, sender.deliveries().size()))
                    .extracting(WebhookSender.Delivery::status).containsExactly(202, 202);

            await("the kicked poll waits for the tick's permit (or runs beside the held tick)")
                    .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> kickWaitsForThePermit("afk-kick-poll") || ticks("poll") > 1);
            assertThat(ticks("poll")).as("only the held periodic tick has run: the kick did not run beside it")
                    .isEqualTo(1);
            assertThat(readyListings()).as("the kick read nothing beside the held tick").hasSize(listingsBefore);
            assertThat(sandbox.t3().threads()).as("only the held tick's thread").hasSize(1);
            assertThat(sandbox.t3().turnsFor(thread)).hasSize(1);
        } finally {
            hold.release();
        }
        periodic.get(10, TimeUnit.SECONDS);
        int heldWrite = indexOfHeldWrite();
        settle();

        assertThat(kicks("poll")).as("the kicked poll ran").isGreaterThanOrEqualTo(1);
        assertThat(ticks("poll")).as("the periodic tick and the kicked ones").isEqualTo(1 + kicks("poll"));
        List<Integer> listings = readyListings();
        assertThat(listings).hasSizeGreaterThan(1);
        assertThat(listings.subList(1, listings.size())).as("the kicked polls listed after the held tick wrote")
                .allSatisfy(i -> assertThat(i).isGreaterThan(heldWrite));
        assertThat(sandbox.t3().threads()).extracting(T3Simulator.ThreadSnapshot::id).containsExactly(thread);
        assertThat(sandbox.t3().turnsFor(thread)).as("one turn").hasSize(1);
        assertThat(afkComments(REPO, 1)).as("one AFK comment").hasSize(1);
        assertThat(record(REPO, 1).orElseThrow().attempt()).isEqualTo(1);
        assertThat(labels(REPO, 1)).contains(IN_PROGRESS, "bug").doesNotContain(READY, HUMAN);
        assertNoContractViolations();
    }

    @Test
    void foreignReposAndEventsThatChangeNothingKickNothing() throws Exception {
        sandbox.repo(REPO);
        sandbox.repo("other/secret");
        sandbox.model().createIssue(REPO, "Discuss the cache", "", Sandbox.MAINTAINER, false);
        sandbox.model().addComment(REPO, 1, "A first thought.", Sandbox.MAINTAINER);
        startWithWebhooks(REPO);

        sandbox.model().createIssue("other/secret", "Not allowlisted", "", Sandbox.MAINTAINER, false, READY);
        sandbox.model().addComment("other/secret", 1, "Please do this.", Sandbox.MAINTAINER);
        long commentId = sandbox.model().comments(REPO, 1).get(0).id();
        sandbox.model().editComment(REPO, commentId, "A first thought, edited.");
        HttpResponse<String> ping = sender.send("ping", "{\"zen\":\"Design for failure.\",\"hook_id\":7,"
                + "\"repository\":{\"full_name\":\"" + REPO + "\"}}", UUID.randomUUID().toString(), null);
        sender.flush();

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).contains("\"ignored\"");
        assertThat(sender.deliveries()).extracting(WebhookSender.Delivery::status).hasSize(3).containsOnly(200);
        assertThat(deliveries("foreign")).as("the two deliveries of other/secret").isEqualTo(2);
        assertThat(deliveries("ignored")).as("the edited comment and the ping").isEqualTo(2);
        assertThat(deliveries("kick")).isZero();
        assertThat(KICK_ROUTES).allSatisfy(r -> assertThat(inflight(r) + queued(r)).as(r).isZero());
        assertThat(ticks("poll") + ticks("watch")).as("no tick ran").isZero();
        assertThat(labels("other/secret", 1)).containsExactly(READY);

        // The control: a delivery that does change something kicks, on the same receiver and meters.
        sandbox.model().addComment(REPO, 1, "A second thought.", Sandbox.MAINTAINER);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> kicks("poll") == 1 && kicks("watch") == 1);
        settle();
        assertThat(labels("other/secret", 1)).as("the kicked tick left the foreign repo alone").containsExactly(READY);
        assertThat(sandbox.trackerSim().requests()).as("nothing of other/secret was read")
                .noneMatch(r -> r.path().contains("other/secret"));
    }

    /** The positions in the tracker's request log of the listings of ready issues (only the poll tick lists them). */
    List<Integer> readyListings() {
        List<SimRequest> rs = sandbox.trackerSim().requests();
        return IntStream.range(0, rs.size()).filter(i -> rs.get(i).method().equals("GET")
                && rs.get(i).query() != null && rs.get(i).query().contains(READY)).boxed().toList();
    }

    /** The position of the held AFK comment in the request log (recorded once it was answered). */
    int indexOfHeldWrite() {
        List<SimRequest> rs = sandbox.trackerSim().requests();
        return IntStream.range(0, rs.size()).filter(i -> rs.get(i).method().equals("POST")
                && rs.get(i).path().endsWith("/repos/" + REPO + "/issues/1/comments")).findFirst().orElseThrow();
    }
}
