package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The retry rule's {@code stopping} input (a prompt shutdown): while the plane stops nothing is retried, and while
 * it runs the rule is exactly the two-argument one.
 */
class RetriesStoppingPropertyTest {

    @Property
    void nothingIsRetriedWhileStopping(@ForAll("failures") AdapterFailure failure, @ForAll("calls") HttpCall call) {
        assertThat(Retries.retryable(failure, call, true)).isFalse();
    }

    @Property
    void runningTheRuleIsUnchanged(@ForAll("failures") AdapterFailure failure, @ForAll("calls") HttpCall call) {
        assertThat(Retries.retryable(failure, call, false)).isEqualTo(Retries.retryable(failure, call));
    }

    /** The property can fail: a transient failure of a GET is retried while running. */
    @Property(tries = 1)
    void aTransientFailureOfAGetIsRetriedWhileRunning() {
        AdapterFailure f = new AdapterFailure(AdapterFailure.Kind.TIMEOUT, "forgejo", "list-issues", 0, null,
                "connection refused", null);
        HttpCall get = HttpCall.get("forgejo", "list-issues", "/repos/a/b/issues", "state=open");
        assertThat(Retries.retryable(f, get, false)).isTrue();
        assertThat(Retries.retryable(f, get, true)).isFalse();
    }

    @Provide
    Arbitrary<AdapterFailure> failures() {
        return Combinators.combine(Arbitraries.of(AdapterFailure.Kind.class), Arbitraries.of(0, 429, 500, 503),
                Arbitraries.longs().between(0, 20_000).map(Duration::ofMillis).injectNull(0.3))
                .as((kind, status, wait) -> new AdapterFailure(kind, "forgejo", "op", status, wait, "failed", null));
    }

    @Provide
    Arbitrary<HttpCall> calls() {
        return Combinators.combine(Arbitraries.of("GET", "POST", "PATCH", "DELETE"), Arbitraries.of(true, false))
                .as((method, repeatable) -> new HttpCall("forgejo", "op", method, "/p", null, null, null,
                        repeatable));
    }
}
