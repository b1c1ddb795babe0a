package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunIdsTest {

    private static final UUID DNS_NAMESPACE = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static final UUID URL_NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
    private static final IssueKey KEY = IssueKey.of("acme/widgets", 43);

    /** Values computed independently with Python's {@code uuid.uuid5} under the same namespace. */
    private static final String THREAD = "71684cdd-60c1-56ca-84ea-1d16449d32d8";

    @Test
    void uuid5MatchesTheRfc9562ExampleVector() {
        assertThat(RunIds.uuid5(DNS_NAMESPACE, "www.example.com"))
                .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }

    @Test
    void uuid5SetsVersion5AndTheRfcVariant() {
        UUID u = RunIds.uuid5(DNS_NAMESPACE, "anything");
        assertThat(u.version()).isEqualTo(5);
        assertThat(u.variant()).isEqualTo(2);
    }

    @Test
    void theAfkNamespaceIsTheDocumentedDerivationFromTheUrlNamespace() {
        assertThat(RunIds.NAMESPACE).isEqualTo(RunIds.uuid5(URL_NAMESPACE, "urn:dev.afk:run-ids"));
    }

    static Stream<Arguments> goldenIds() {
        return Stream.of(
                Arguments.of("threadId(acme/widgets#43, 1)", (Supplier<String>) () -> RunIds.threadId(KEY, 1),
                        THREAD),
                Arguments.of("createCommandId", (Supplier<String>) () -> RunIds.createCommandId(THREAD),
                        "befc64db-bd76-5f60-a1bf-4ed9d9f6c8d9"),
                Arguments.of("turnCommandId", (Supplier<String>) () -> RunIds.turnCommandId(THREAD),
                        "06b2de99-874e-53b1-916c-5d1f7015f830"),
                Arguments.of("turnMessageId", (Supplier<String>) () -> RunIds.turnMessageId(THREAD),
                        "0d427152-ba53-5fc2-92a5-d5e04d8db51c"),
                Arguments.of("fixForwardCommandId round 2",
                        (Supplier<String>) () -> RunIds.fixForwardCommandId(THREAD, 2),
                        "36bfe2e2-89d9-5e45-8909-d9efe2fc9d9d"),
                Arguments.of("fixForwardMessageId round 2",
                        (Supplier<String>) () -> RunIds.fixForwardMessageId(THREAD, 2),
                        "93c2cced-43e4-5c67-85c7-2e9b6c064616"),
                Arguments.of("interruptCommandId round 1",
                        (Supplier<String>) () -> RunIds.interruptCommandId(THREAD, 1),
                        "9240d4b1-b87d-56b5-92ef-601936e75ee8"),
                Arguments.of("interruptCommandId round 2",
                        (Supplier<String>) () -> RunIds.interruptCommandId(THREAD, 2),
                        "bdf485ec-d61b-55f5-a692-96f441b18a9e"),
                Arguments.of("sessionStopCommandId round 1",
                        (Supplier<String>) () -> RunIds.sessionStopCommandId(THREAD, 1),
                        "1e517646-4b64-51f1-ab1d-45df7fd026ba"),
                Arguments.of("sessionStopCommandId round 2",
                        (Supplier<String>) () -> RunIds.sessionStopCommandId(THREAD, 2),
                        "6404d968-1a94-5cc1-b685-8882795c239a"));
    }

    @ParameterizedTest(name = "{0} is pinned: changing the derivation would orphan runs in flight")
    @MethodSource("goldenIds")
    void derivedIdsArePinnedToTheDocumentedNames(String name, Supplier<String> id, String expected) {
        assertThat(id.get()).isEqualTo(expected);
    }

    @Test
    void threadIdRejectsAttemptsBelowOne() {
        assertThatThrownBy(() -> RunIds.threadId(KEY, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixForwardIdsRejectRoundsBelowOne() {
        assertThatThrownBy(() -> RunIds.fixForwardCommandId(THREAD, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunIds.fixForwardMessageId(THREAD, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stopIdsRejectRoundsBelowOneAndABlankThread() {
        assertThatThrownBy(() -> RunIds.interruptCommandId(THREAD, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunIds.sessionStopCommandId(THREAD, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunIds.interruptCommandId(" ", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunIds.sessionStopCommandId(null, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandIdsRejectABlankThread() {
        assertThatThrownBy(() -> RunIds.createCommandId(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunIds.turnCommandId(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
