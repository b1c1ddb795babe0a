package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.LabelerQuery;
import dev.afk.adapter.ListIssues;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link ForgejoPaging} counts pages itself (Forgejo's Link header carries ROOT_URL): stop on a short page or at
 * ceil(X-Total-Count / limit), never beyond maxPages; the timeline's X-Total-Count is not a total.
 */
class ForgejoPagingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final RepoRef REPO = RepoRef.parse("acme/widgets");

    static ArrayNode page(int from, int size) {
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < size; i++) {
            a.addObject().put("number", from + i);
        }
        return a;
    }

    /** Serves a listing of {@code total} items in pages of {@code limit} like Forgejo, and counts the requests. */
    static int[] readAll(ForgejoPaging paging, int total, boolean sendTotal) {
        int requests = 0;
        while (paging.more()) {
            requests++;
            int from = (paging.page() - 1) * paging.limit();
            int size = Math.max(0, Math.min(paging.limit(), total - from));
            paging = paging.next(page(from, size), sendTotal ? String.valueOf(total) : null);
        }
        return new int[] {requests, paging.items().size()};
    }

    @Property(tries = 1000)
    void everyItemIsReadOnceAndNoPageIsAskedForBeyondTheTotal(@ForAll @IntRange(min = 0, max = 2000) int total) {
        int[] r = readAll(ForgejoWire.listIssues(new ListIssues(REPO, "x"), 1000), total, true);
        assertThat(r[1]).isEqualTo(total);
        assertThat(r[0]).isEqualTo(Math.max(1, (total + 49) / 50));
    }

    @Property(tries = 1000)
    void withoutAUsableTotalTheShortPageEndsTheListing(@ForAll @IntRange(min = 0, max = 2000) int total) {
        int[] r = readAll(ForgejoWire.timeline(new LabelerQuery(new IssueKey(REPO, 1), "x"), 1000), total, true);
        assertThat(r[1]).isEqualTo(total);
        assertThat(r[0]).as("a full last page needs one more (empty) page to be sure").isEqualTo(total / 50 + 1);
    }

    @Test
    void theTimelinesPageSizedTotalDoesNotEndTheListingEarly() {
        ForgejoPaging p = ForgejoWire.timeline(new LabelerQuery(new IssueKey(REPO, 1), "x"), 10);
        p = p.next(page(0, 50), "50"); // X-Total-Count = this page's size
        assertThat(p.more()).isTrue();
        assertThat(p.call().query()).isEqualTo("limit=50&page=2");
    }

    @Test
    void maxPagesBoundsAServerThatAlwaysAnswersAFullPage() {
        int[] r = readAll(ForgejoWire.listIssues(new ListIssues(REPO, "x"), 3), 1_000_000, false);
        assertThat(r[0]).isEqualTo(3);
        assertThat(r[1]).isEqualTo(150);
    }

    @Test
    void anUnparsableTotalFallsBackToTheShortPageRule() {
        ForgejoPaging p = ForgejoWire.listIssues(new ListIssues(REPO, "x"), 10).next(page(0, 50), "lots");
        assertThat(p.more()).isTrue();
    }

    @Test
    void aPageThatIsNotAListIsMalformed() throws Exception {
        JsonNode notAList = JSON.readTree("{\"message\":\"oops\"}");
        ForgejoPaging p = ForgejoWire.listIssues(new ListIssues(REPO, "x"), 10);
        try {
            p.next(notAList, null);
            throw new AssertionError("accepted an object as a page");
        } catch (AdapterFailure f) {
            assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.MALFORMED);
            assertThat(f.operation()).isEqualTo("list-issues");
        }
    }
}
