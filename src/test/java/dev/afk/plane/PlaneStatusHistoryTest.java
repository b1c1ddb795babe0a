package dev.afk.plane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AfkComment;
import dev.afk.adapter.IssueListing;
import dev.afk.adapter.ListClosed;
import dev.afk.adapter.ListIssues;
import dev.afk.core.Config;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.RepoRef;
import dev.afk.core.RunRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's rebuild after a start (routes/status-history.camel.yaml), step by step as the route calls
 * {@link PlaneStatus}: the ready-for-human listings, then the closed listings, the candidates, and the records read.
 */
class PlaneStatusHistoryTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final RepoRef API = RepoRef.parse("acme/api");
    private static final RepoRef WEB = RepoRef.parse("acme/web");

    private final Config config = Config.fromMap(armed("acme/api,acme/web"));
    private final PlaneStatus status = new PlaneStatus(config, Clock.fixed(NOW, ZoneOffset.UTC),
            new ArmedGate(config, null));

    private static Map<String, String> armed(String allowlist) {
        Map<String, String> v = new HashMap<>();
        v.put("afk.kill-switch", "false");
        v.put("afk.allowlist", allowlist);
        v.put("afk.tracker-url", "https://git.example.com/api/v1");
        v.put("afk.tracker-token-file", "/run/secrets/tracker-token");
        v.put("afk.t3-url", "https://t3.example.com");
        v.put("afk.t3-token-file", "/run/secrets/t3-token");
        v.put("afk.t3-model", "claudeAgent/claude-sonnet-5");
        v.put("afk.t3-projects", "acme/api=proj-acme-api,acme/web=proj-acme-web");
        return v;
    }

    private static Issue issue(RepoRef repo, int n, boolean open, String... labels) {
        return new Issue(new IssueKey(repo, n), "issue " + n, "", Set.of(labels), "alice",
                NOW.minus(Duration.ofDays(n)), open, false, "https://git.example.com/" + repo.slug() + "/issues/" + n);
    }

    private static AfkComment ended(Issue issue, String reason) {
        RunRecord r = RunRecord.dispatched(1, "thread-" + issue.key().number(), NOW.minus(Duration.ofHours(2)))
                .ended(reason);
        return new AfkComment(1L, PhaseChecklist.render(issue.key(), r));
    }

    private List<Issue> candidates(List<Issue> human, List<Issue> closedApi, List<Issue> closedWeb) {
        List<ListIssues> queries = status.historyQueries();
        List<ListingResult> results = new ArrayList<>();
        for (ListIssues q : queries) {
            results.add(ListingResult.ok(q, IssueListing.of(human.stream().filter(i -> i.repo().equals(q.repo()))
                    .toList())));
        }
        List<ListClosed> closed = status.historyClosedQueries();
        assertThat(closed).extracting(ListClosed::repo).containsExactly(API, WEB);
        assertThat(closed).allSatisfy(q -> {
            assertThat(q.since()).isEqualTo(NOW.minus(PlaneStatus.HISTORY_WINDOW));
            assertThat(q.max()).isEqualTo(PlaneStatus.HISTORY_READS);
        });
        status.historyClosedListed(closed.get(0), IssueListing.of(closedApi));
        status.historyClosedListed(closed.get(1), IssueListing.of(closedWeb));
        return status.historyCandidates(results);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> endedView() {
        return (List<Map<String, Object>>) status.view().get("ended");
    }

    @Test
    void aClosedIssueCountsOnlyWhenItsRecordEndedClosedAHandOffAnyEnd() {
        Issue handedBack = issue(API, 1, true, "ready-for-human");
        Issue closedByAfk = issue(API, 2, false);
        Issue released = issue(WEB, 3, false);
        Issue handedBackThenClosed = issue(WEB, 4, false, "ready-for-human");

        List<Issue> c = candidates(List.of(handedBack, handedBackThenClosed), List.of(closedByAfk),
                List.of(released, handedBackThenClosed));

        assertThat(c).extracting(i -> i.key().toString()).as("read once each")
                .containsExactly("acme/api#1", "acme/web#4", "acme/api#2", "acme/web#3");
        status.historyRecord(handedBack, ended(handedBack, "AGENT_FAILED"));
        status.historyRecord(handedBackThenClosed, ended(handedBackThenClosed, "CI_RED"));
        status.historyRecord(closedByAfk, ended(closedByAfk, "closed"));
        status.historyRecord(released, ended(released, "released"));
        status.historyDone();

        assertThat(endedView()).extracting(e -> e.get("issue") + " " + e.get("kind") + " " + e.get("reason"))
                .containsExactlyInAnyOrder("acme/api#1 handed back AGENT_FAILED", "acme/web#4 handed back CI_RED",
                        "acme/api#2 closed closed");
        assertThat(status.view().get("history")).isEqualTo("rebuilt");
    }

    @Test
    void theClosedCandidatesAreTakenInTurnFromEachRepoNewestFirstAndBounded() {
        List<Issue> api = IntStream.rangeClosed(1, 40).mapToObj(n -> issue(API, n, false)).toList();
        List<Issue> web = IntStream.rangeClosed(1, 40).mapToObj(n -> issue(WEB, n, false)).toList();

        List<Issue> c = candidates(List.of(), api, web);

        assertThat(c).hasSize(PlaneStatus.HISTORY_READS);
        assertThat(c.subList(0, 4)).extracting(i -> i.key().toString())
                .containsExactly("acme/api#1", "acme/web#1", "acme/api#2", "acme/web#2");
        assertThat(c).filteredOn(i -> i.repo().equals(API)).hasSize(PlaneStatus.HISTORY_READS / 2);
    }

    @Test
    void aFailedClosedListingIsAGapNotAnError() {
        candidates(List.of(), List.of(), List.of());
        status.historyClosedFailed(new ListClosed(WEB, NOW, 1), new IllegalStateException("SERVER 500"));
        status.historyDone();

        assertThat((String) status.view().get("history")).startsWith("history unavailable in part")
                .contains("acme/web (closed issues): SERVER 500");
    }
}
