package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The tally in the AFK marker (issue 10) and the checklist's "relayed N comments" line. */
class PhaseChecklistTallyTest {

    private static final IssueKey KEY = IssueKey.of("acme/widgets", 43);
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final String URL = "https://git.example.com/acme/widgets/issues/43";
    private static final RunRecord.Tally TALLY = new RunRecord.Tally(3, List.of(12L, 15L), List.of(17L), "ab12",
            "cd34", 120_000L, null, 1);
    private static final RunRecord RELAYED = RunRecord.dispatched(1, "t-1", T0).withTally(TALLY);

    @Test
    void everyTallyFieldIsInTheMarkerWithIdsAsOneString() {
        String text = PhaseChecklist.render(KEY, RELAYED);
        assertThat(text).contains(",\"turns\":3,\"relayed\":\"12,15\",\"relaying\":\"17\",\"bodyHash\":\"ab12\","
                + "\"relayingBodyHash\":\"cd34\",\"attemptTokens\":120000,\"earlierTokens\":null,\"granted\":1} -->");
        assertThat(PhaseChecklist.parse(text)).contains(RELAYED);
    }

    @Test
    void aLegacyTallyWritesNoFieldsAndAMarkerWithoutThemReadsAsLegacy() {
        RunRecord old = new RunRecord(1, "t-1", T0, T0, 2, Phase.PUSHED, "abc", T0, false, null);
        String text = PhaseChecklist.render(KEY, old);
        assertThat(text).doesNotContain("\"turns\"").doesNotContain("\"relayed\"");
        assertThat(PhaseChecklist.parse(text).orElseThrow().tally()).isEqualTo(RunRecord.Tally.legacy(2));
    }

    @Test
    void anEmptyTallyOfAFreshDispatchWithAHashIsWritten() {
        RunRecord r = RunRecord.dispatched(1, "t-1", T0)
                .withTally(new RunRecord.Tally(1, List.of(), List.of(), "ab12", null, null, null, 0));
        String text = PhaseChecklist.render(KEY, r);
        assertThat(text).contains("\"relayed\":\"\",\"relaying\":\"\"");
        assertThat(PhaseChecklist.parse(text)).contains(r);
        assertThat(text).doesNotContain("Relayed ");
    }

    @ParameterizedTest(name = "{0} makes the marker unreadable")
    @CsvSource(delimiter = '|', textBlock = """
            turns as a string        | "turns":3                 | "turns":"3"
            turns zero               | "turns":3                 | "turns":0
            relayed as a number      | "relayed":"12,15"         | "relayed":12
            relayed not ids          | "relayed":"12,15"         | "relayed":"12,x"
            relayed empty id         | "relayed":"12,15"         | "relayed":"12,,15"
            relayed with a blank     | "relayed":"12,15"         | "relayed":"12, 15"
            relaying as null         | "relaying":"17"           | "relaying":null
            bodyHash as a number     | "bodyHash":"ab12"         | "bodyHash":5
            tokens as a string       | "attemptTokens":120000    | "attemptTokens":"120000"
            granted negative         | "granted":1               | "granted":-1
            granted as a boolean     | "granted":1               | "granted":true
            a field missing          | ,"earlierTokens":null     | ''
            """)
    void aTallyFieldWithTheWrongTypeOrMissingMakesTheMarkerUnreadable(String what, String from, String to) {
        String text = PhaseChecklist.render(KEY, RELAYED);
        String broken = text.replace(from, to);
        assertThat(broken).isNotEqualTo(text);
        assertThat(PhaseChecklist.parse(broken)).as(what).isEmpty();
    }

    @Test
    void theChecklistLinksEveryRelayedCommentOnTheIssuePage() {
        String text = PhaseChecklist.render(KEY, RELAYED, URL);
        assertThat(text).contains("\nRelayed 2 comments to the agent: [#12](" + URL + "#issuecomment-12) [#15]("
                + URL + "#issuecomment-15)\n");
    }

    @Test
    void oneCommentIsSingularAndWithoutAUrlTheIdsArePlain() {
        RunRecord one = RELAYED.withTally(new RunRecord.Tally(2, List.of(12L), List.of(), null, null, null, null, 0));
        assertThat(PhaseChecklist.render(KEY, one)).contains("\nRelayed 1 comment to the agent: `12`\n");
        assertThat(PhaseChecklist.render(KEY, one, (String) null)).isEqualTo(PhaseChecklist.render(KEY, one));
    }

    @ParameterizedTest(name = "unsafe URL {0} shows plain ids")
    @CsvSource(delimiter = '|', textBlock = """
            javascript:alert(1)
            https://x.example/a) [y](https://evil.example
            https://x.example/<!--
            'https://x.example/a b'
            https://x.example/a#frag
            """)
    void anUnsafeUrlShowsPlainIds(String url) {
        String text = PhaseChecklist.render(KEY, RELAYED, url);
        assertThat(text).contains("Relayed 2 comments to the agent: `12` `15`\n");
        assertThat(PhaseChecklist.parse(text)).contains(RELAYED);
    }

    @Test
    void legacyOfTheLargestFixForwardCountSaturates() {
        assertThat(RunRecord.Tally.legacy(Integer.MAX_VALUE).turns()).isEqualTo(Integer.MAX_VALUE);
        RunRecord r = new RunRecord(1, "t-1", T0, T0, Integer.MAX_VALUE, Phase.PUSHED, "abc", T0, false, null);
        assertThat(PhaseChecklist.parse(PhaseChecklist.render(KEY, r))).contains(r);
    }
}
