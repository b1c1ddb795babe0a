package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Combinators;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class PhaseChecklistProperties {

    private static final IssueKey KEY = IssueKey.of("acme/widgets", 43);

    /** Any text, with the characters that matter to an HTML comment and to JSON made frequent. */
    @Provide
    Arbitrary<String> nastyText() {
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars('<', '>', '-', '!', '"', '\\', '`', '\n', '\r', '\u0000', '\u202e', 'é', ' ')
                .withChars("afk:state{}")
                .ofMaxLength(30);
        Arbitrary<String> fragments = Arbitraries.of("-->", "<!-- afk:state ", "\\u0022", "\"}", "\uD83D\uDE00",
                "\uD83D", "\uDE00", "\u2028", "null");
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40), tricky, fragments);
    }

    @Provide
    Arbitrary<Instant> instants() {
        // Year 1 to 9999: the range ISO-8601 writes without an explicit sign.
        return Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
    }

    @Provide
    Arbitrary<RunRecord> records() {
        return Builders.withBuilder(RecordBuilder::new)
                .use(Arbitraries.integers().between(1, Integer.MAX_VALUE)).in(RecordBuilder::attempt)
                .use(nastyText()).in(RecordBuilder::thread)
                .use(instants()).in(RecordBuilder::dispatchedAt)
                .use(instants()).in(RecordBuilder::turnAt)
                .use(Arbitraries.integers().between(0, Integer.MAX_VALUE)).in(RecordBuilder::fixForward)
                .use(Arbitraries.of(Phase.class)).in(RecordBuilder::phase)
                .use(nastyText().injectNull(0.3)).in(RecordBuilder::sha)
                .use(instants()).in(RecordBuilder::progressAt)
                .use(Arbitraries.of(true, false)).in(RecordBuilder::ended)
                .use(nastyText().injectNull(0.3)).in(RecordBuilder::endReason)
                .use(Arbitraries.of(true, false)).in(RecordBuilder::bellRung)
                .use(nastyText().injectNull(0.3)).in(RecordBuilder::base)
                .use(Arbitraries.of(true, false)).in(RecordBuilder::closeSent)
                .use(nastyText().injectNull(0.5)).in(RecordBuilder::evidence)
                .use(stops().injectNull(0.5)).in(RecordBuilder::stop)
                .use(tallies().injectNull(0.3)).in(RecordBuilder::tally)
                .build(RecordBuilder::build);
    }

    /** Any tally: relayed and pending ids over the whole long range, hashes of any text, tokens or none. */
    @Provide
    Arbitrary<RunRecord.Tally> tallies() {
        Arbitrary<java.util.List<Long>> ids = Arbitraries.longs().list().ofMaxSize(5);
        Arbitrary<Long> tokens = Arbitraries.longs().between(0, 999_999_999_999_999_999L).injectNull(0.4);
        return Builders.withBuilder(TallyBuilder::new)
                .use(Arbitraries.integers().between(1, Integer.MAX_VALUE)).in(TallyBuilder::turns)
                .use(ids).in(TallyBuilder::relayed)
                .use(ids).in(TallyBuilder::relaying)
                .use(nastyText().injectNull(0.4)).in(TallyBuilder::bodyHash)
                .use(nastyText().injectNull(0.6)).in(TallyBuilder::relayingBodyHash)
                .use(tokens).in(TallyBuilder::attemptTokens)
                .use(tokens).in(TallyBuilder::earlierTokens)
                .use(Arbitraries.integers().between(0, Integer.MAX_VALUE)).in(TallyBuilder::granted)
                .build(TallyBuilder::build);
    }

    private static final class TallyBuilder {
        private int turns;
        private java.util.List<Long> relayed;
        private java.util.List<Long> relaying;
        private String bodyHash;
        private String relayingBodyHash;
        private Long attemptTokens;
        private Long earlierTokens;
        private int granted;

        TallyBuilder turns(Integer v) {
            turns = v;
            return this;
        }

        TallyBuilder relayed(java.util.List<Long> v) {
            relayed = v;
            return this;
        }

        TallyBuilder relaying(java.util.List<Long> v) {
            relaying = v;
            return this;
        }

        TallyBuilder bodyHash(String v) {
            bodyHash = v;
            return this;
        }

        TallyBuilder relayingBodyHash(String v) {
            relayingBodyHash = v;
            return this;
        }

        TallyBuilder attemptTokens(Long v) {
            attemptTokens = v;
            return this;
        }

        TallyBuilder earlierTokens(Long v) {
            earlierTokens = v;
            return this;
        }

        TallyBuilder granted(Integer v) {
            granted = v;
            return this;
        }

        RunRecord.Tally build() {
            return new RunRecord.Tally(turns, relayed, relaying, bodyHash, relayingBodyHash, attemptTokens,
                    earlierTokens, granted);
        }
    }

    /** Any stop a record can carry: pending, confirmed or failed, with or without the session stop. */
    private Arbitrary<RunRecord.Stop> stops() {
        return Combinators.combine(instants(), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        instants().injectNull(0.5), instants().injectNull(0.5), Arbitraries.of(true, false))
                .as(RunRecord.Stop::new);
    }

    /** Fourteen fields are more than {@code Combinators.combine} takes, hence a builder. */
    private static final class RecordBuilder {
        private int attempt;
        private String thread;
        private Instant dispatchedAt;
        private Instant turnAt;
        private int fixForward;
        private Phase phase;
        private String sha;
        private Instant progressAt;
        private boolean ended;
        private String endReason;
        private boolean bellRung;
        private String base;
        private boolean closeSent;
        private String evidence;
        private RunRecord.Stop stop;
        private RunRecord.Tally tally;

        RecordBuilder tally(RunRecord.Tally v) {
            tally = v;
            return this;
        }

        RecordBuilder stop(RunRecord.Stop v) {
            stop = v;
            return this;
        }

        RecordBuilder evidence(String v) {
            evidence = v;
            return this;
        }

        RecordBuilder closeSent(Boolean v) {
            closeSent = v;
            return this;
        }

        RecordBuilder bellRung(Boolean v) {
            bellRung = v;
            return this;
        }

        RecordBuilder base(String v) {
            base = v;
            return this;
        }

        RecordBuilder attempt(Integer v) {
            attempt = v;
            return this;
        }

        RecordBuilder thread(String v) {
            thread = v;
            return this;
        }

        RecordBuilder dispatchedAt(Instant v) {
            dispatchedAt = v;
            return this;
        }

        RecordBuilder turnAt(Instant v) {
            turnAt = v;
            return this;
        }

        RecordBuilder fixForward(Integer v) {
            fixForward = v;
            return this;
        }

        RecordBuilder phase(Phase v) {
            phase = v;
            return this;
        }

        RecordBuilder sha(String v) {
            sha = v;
            return this;
        }

        RecordBuilder progressAt(Instant v) {
            progressAt = v;
            return this;
        }

        RecordBuilder ended(Boolean v) {
            ended = v;
            return this;
        }

        RecordBuilder endReason(String v) {
            endReason = v;
            return this;
        }

        RunRecord build() {
            return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended,
                    endReason, bellRung, base, closeSent, evidence, stop, tally);
        }
    }

    @Property(tries = 500)
    void anyIssueUrlKeepsTheMarkerLastAndTheRecordReadable(@ForAll("records") RunRecord r,
            @ForAll("nastyText") String url) {
        for (String u : new String[] {url, "https://git.example.com/acme/widgets/issues/43" + url}) {
            String text = PhaseChecklist.render(KEY, r, u);
            assertThat(text.indexOf("<!--")).isEqualTo(text.lastIndexOf("<!--"));
            assertThat(PhaseChecklist.parse(text)).contains(r);
            assertThat(text.lines().filter(l -> l.startsWith("Relayed ")).count())
                    .isEqualTo(r.tally().relayed().isEmpty() ? 0 : 1);
        }
    }

    @Property(tries = 1000)
    void parseReadsBackExactlyTheRenderedRecord(@ForAll("records") RunRecord r) {
        assertThat(PhaseChecklist.parse(PhaseChecklist.render(KEY, r))).contains(r);
    }

    @Property(tries = 1000)
    void renderIsByteIdenticalForEqualRecords(@ForAll("records") RunRecord r) {
        RunRecord copy = new RunRecord(r.attempt(), r.thread() == null ? null : new String(r.thread()),
                r.dispatchedAt(), r.turnAt(), r.fixForward(), r.phase(), r.sha() == null ? null : new String(r.sha()),
                r.progressAt(), r.ended(), r.endReason() == null ? null : new String(r.endReason()), r.bellRung(),
                r.base() == null ? null : new String(r.base()), r.closeSent(),
                r.evidence() == null ? null : new String(r.evidence()), r.stop(), r.tally());
        assertThat(PhaseChecklist.render(KEY, copy)).isEqualTo(PhaseChecklist.render(KEY, r));
    }

    @Property(tries = 1000)
    void theMarkerIsTheOnlyCommentOpenerAndStaysOnTheLastLine(@ForAll("records") RunRecord r) {
        String text = PhaseChecklist.render(KEY, r);
        assertThat(text.indexOf("<!--")).isEqualTo(text.lastIndexOf("<!--"));
        assertThat(text.indexOf("-->")).isEqualTo(text.length() - "-->\n".length());
        String lastLine = text.substring(text.lastIndexOf('\n', text.length() - 2) + 1);
        assertThat(lastLine).startsWith(PhaseChecklist.MARKER_START);
    }

    @Property(tries = 1000)
    void textAroundTheMarkerDoesNotStopItParsing(
            @ForAll("records") RunRecord r, @ForAll("nastyText") String before, @ForAll String after) {
        String trailing = after.replace("<!-- afk:state ", "");
        assertThat(PhaseChecklist.parse(before + "\n" + PhaseChecklist.render(KEY, r) + trailing)).contains(r);
    }

    @Property(tries = 1000)
    void parseNeverThrowsOnArbitraryText(@ForAll String body, @ForAll("nastyText") String tail) {
        assertThat(PhaseChecklist.parse(body)).isNotNull();
        assertThat(PhaseChecklist.parse(PhaseChecklist.MARKER_START + body)).isNotNull();
        assertThat(PhaseChecklist.parse(PhaseChecklist.MARKER_START + "{" + tail + " -->")).isNotNull();
    }

    @Property(tries = 1000)
    void parseOfATruncatedCommentIsEmptyOrARecordNeverAnException(
            @ForAll("records") RunRecord r, @ForAll @IntRange(min = 0, max = 10_000) int cutAt) {
        String text = PhaseChecklist.render(KEY, r);
        Optional<RunRecord> parsed = PhaseChecklist.parse(text.substring(0, Math.min(cutAt, text.length())));
        assertThat(parsed).isNotNull();
        // Cutting inside the marker always loses the closing "-->", so it can never yield a record.
        if (cutAt < text.length() - 1) {
            assertThat(parsed).isEmpty();
        }
    }

    @Property(tries = 1000)
    void parseOfAMutatedCommentIsEmptyOrARecordNeverAnException(
            @ForAll("records") RunRecord r, @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll char replacement, @ForAll @IntRange(min = 0, max = 2) int kind) {
        String text = PhaseChecklist.render(KEY, r);
        int at = Math.min(position, text.length() - 1);
        String mutated = switch (kind) {
            case 0 -> text.substring(0, at) + replacement + text.substring(at + 1);
            case 1 -> text.substring(0, at) + replacement + text.substring(at);
            default -> text.substring(0, at) + text.substring(at + 1);
        };
        Optional<RunRecord> parsed = PhaseChecklist.parse(mutated);
        assertThat(parsed).isNotNull();
        parsed.ifPresent(p -> assertThat(p.attempt()).isPositive());
    }
}
