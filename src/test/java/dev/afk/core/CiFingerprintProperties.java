package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link CiFingerprint} is stable under run-to-run noise and order, and tells different failures apart. */
class CiFingerprintProperties {

    /** Words without digits (so a word is never taken for noise), some of them mixed case; no unit words. */
    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('A', 'Q', 'Z', '.', '/', '_', '(', ')')
                .ofMinLength(2).ofMaxLength(9)
                .filter(w -> !w.toLowerCase(java.util.Locale.ROOT)
                        .matches("ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?"));
    }

    @Provide
    Arbitrary<List<List<String>>> failures() {
        Arbitrary<List<String>> entry = words().list().ofMinSize(1).ofMaxSize(6);
        return entry.list().ofMinSize(1).ofMaxSize(4);
    }

    /** Kinds of noise a CI system changes from run to run. */
    enum Noise { RUN_ID, SHA, UUID, DURATION, TIME, CLOCK, COUNT }

    /** One value of {@code kind}, drawn from {@code r}. */
    static String value(Noise kind, Random r) {
        return switch (kind) {
            case RUN_ID -> "run " + Math.abs(r.nextLong() % 10_000_000_000L);
            case SHA -> "1" + java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(8)
                    .putLong(r.nextLong()).array()).substring(0, 6 + r.nextInt(10));
            case UUID -> new java.util.UUID(r.nextLong(), r.nextLong()).toString();
            case DURATION -> r.nextInt(5000) + List.of("ms", "s", " s", "m", " min", " minutes", "h").get(r.nextInt(7));
            case TIME -> java.time.Instant.ofEpochSecond(Math.abs(r.nextLong() % 4_000_000_000L)).toString();
            case CLOCK -> r.nextInt(24) + ":" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50));
            case COUNT -> r.nextInt(100_000) + " of " + r.nextInt(100_000);
        };
    }

    /**
     * The same failure seen twice: the same words, with noise of the same kinds at the same places but other values,
     * another case, other blanks, states and links, in another order, is one fingerprint.
     */
    @Property(tries = 500)
    void theFingerprintIsStableUnderNoiseAndOrder(@ForAll("failures") List<List<String>> failure,
            @ForAll List<Noise> noise, @ForAll long seed) {
        Random places = new Random(seed);
        Random first = new Random(seed + 1);
        Random second = new Random(seed + 2);
        List<CheckEvidence> a = new ArrayList<>();
        List<CheckEvidence> b = new ArrayList<>();
        for (List<String> words : failure) {
            List<String> da = new ArrayList<>(words.subList(1, words.size()));
            List<String> db = new ArrayList<>(da);
            for (Noise n : noise) {
                int at = places.nextInt(da.size() + 1);
                da.add(at, value(n, first));
                db.add(at, value(n, second));
            }
            a.add(new CheckEvidence(words.get(0), "failure", String.join(" ", da), "https://ci/1"));
            b.add(new CheckEvidence(second.nextBoolean() ? words.get(0).toUpperCase(java.util.Locale.ROOT)
                    : words.get(0), second.nextBoolean() ? "error" : "failure",
                    " " + String.join(second.nextBoolean() ? " " : "  ", db), "https://ci/" + second.nextLong()));
        }
        Collections.shuffle(b, places);
        assertThat(CiFingerprint.of(b)).isEqualTo(CiFingerprint.of(a));
    }

    @Property(tries = 500)
    void noiseReplacedByOtherNoiseOfTheSameKindKeepsTheFingerprint(@ForAll("failures") List<List<String>> failure,
            @ForAll Noise kind, @ForAll long runA, @ForAll long runB) {
        String before = value(kind, new Random(runA));
        List<CheckEvidence> a = new ArrayList<>();
        List<CheckEvidence> b = new ArrayList<>();
        for (List<String> words : failure) {
            String description = String.join(" ", words.subList(1, words.size()));
            a.add(new CheckEvidence(words.get(0), "failure", description + " (job " + Math.abs(runA % 100_000_000L)
                    + ", " + before + ")", ""));
            b.add(new CheckEvidence(words.get(0), "failure", description + " (job " + Math.abs(runB % 1000L)
                    + ", " + before + ")", ""));
        }
        assertThat(CiFingerprint.of(a)).isEqualTo(CiFingerprint.of(b));
    }

    @Property(tries = 500)
    void anotherContextNameIsAnotherFailure(@ForAll("failures") List<List<String>> failure,
            @ForAll("words") String extra) {
        List<CheckEvidence> a = new ArrayList<>();
        for (List<String> words : failure) {
            a.add(new CheckEvidence(words.get(0), "failure", String.join(" ", words.subList(1, words.size())), ""));
        }
        String renamed = a.get(0).context() + "-" + extra + "x";
        List<CheckEvidence> b = new ArrayList<>(a);
        b.add(new CheckEvidence(renamed, "failure", "a new failure", ""));
        assertThat(CiFingerprint.of(b)).isNotEqualTo(CiFingerprint.of(a));
    }
}
