package dev.afk.core;

import static dev.afk.core.WebhookFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict, total JSON reader of webhook bodies. */
class WebhookJsonTest {

    @Test
    void aNestedPayloadIsReadWithItsTypes() {
        Map<String, Object> o = WebhookJson.object(utf8("{\"action\":\"labeled\",\"issue\":{\"number\":7,\"labels\":"
                + "[{\"name\":\"ready\"},{\"name\":\"x\"}],\"locked\":false,\"milestone\":null,\"score\":-1.5e3},"
                + "\"repository\":{\"full_name\":\"acme/widgets\"},\"big\":123456789012345678901234}")).orElseThrow();
        assertThat(WebhookJson.at(o, "action")).contains("labeled");
        assertThat(WebhookJson.at(o, "issue", "number")).contains(7L);
        assertThat(WebhookJson.at(o, "issue", "locked")).contains(Boolean.FALSE);
        assertThat(WebhookJson.at(o, "issue", "milestone")).contains(WebhookJson.Null.NULL);
        assertThat(WebhookJson.at(o, "issue", "score")).contains(WebhookJson.OtherNumber.NUMBER);
        assertThat(WebhookJson.at(o, "big")).contains(WebhookJson.OtherNumber.NUMBER);
        assertThat(WebhookJson.at(o, "repository", "full_name")).contains("acme/widgets");
        assertThat(WebhookJson.at(o, "issue", "labels")).get().isInstanceOf(List.class);
        assertThat(WebhookJson.at(o, "issue", "labels", "name")).as("a path steps through objects only").isEmpty();
        assertThat(WebhookJson.at(o, "action", "x")).isEmpty();
        assertThat(WebhookJson.at(o, "nothing")).isEmpty();
    }

    @Test
    void escapesAndUnicodeAreDecoded() {
        Map<String, Object> o = WebhookJson.object(utf8(" \t\r\n{\"s\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\","
                + "\"raw\":\"\u00e9t\u00e9 \u2713\"} \n")).orElseThrow();
        assertThat(o.get("s")).isEqualTo("a\"b\\c/d\n\u00e9\ud83d\ude00");
        assertThat(o.get("raw")).isEqualTo("\u00e9t\u00e9 \u2713");
    }

    @Test
    void integersUpToEighteenCharactersAreLongs() {
        Map<String, Object> o = WebhookJson.object(utf8("{\"a\":999999999999999999,\"b\":-99999999999999999,"
                + "\"c\":0,\"d\":-0,\"e\":1E2}")).orElseThrow();
        assertThat(o.get("a")).isEqualTo(999_999_999_999_999_999L);
        assertThat(o.get("b")).isEqualTo(-99_999_999_999_999_999L);
        assertThat(o.get("c")).isEqualTo(0L);
        assertThat(o.get("d")).isEqualTo(0L);
        assertThat(o.get("e")).isEqualTo(WebhookJson.OtherNumber.NUMBER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "\"x\"", "1", "null", "true", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}",
        "{,}", "{\"a\":1}{}", "{\"a\":1} x", "{a:1}", "{'a':1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
        "{\"a\":1e}", "{\"a\":+1}", "{\"a\":-}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u12g4\"}", "{\"a\":\"unterminated}", "{\"a\":\"tab\there\"}", "{\"a\":1,\"a\":2}",
        "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\":[1 2]}", "\ufeff{}", "{\"a\":NaN}", "{\"a\":Infinity}"})
    void anythingButOneWholeObjectIsNotAnObject(String text) {
        assertThat(WebhookJson.object(utf8(text))).isEmpty();
    }

    @Test
    void invalidUtf8AndNullAreNotAnObject() {
        assertThat(WebhookJson.object(null)).isEmpty();
        assertThat(WebhookJson.object(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'})).isEmpty();
        assertThat(WebhookJson.object(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'})).isEmpty();
        assertThat(WebhookJson.object(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0xa9, '"', '}'}))
                .isPresent();
    }

    @Test
    void nestingIsBoundedSoADeepBodyCannotExhaustTheStack() {
        int n = WebhookJson.MAX_DEPTH;
        assertThat(WebhookJson.object(utf8("{\"a\":" + "[".repeat(n) + "]".repeat(n) + "}"))).isPresent();
        assertThat(WebhookJson.object(utf8("{\"a\":" + "[".repeat(n + 1) + "]".repeat(n + 1) + "}"))).isEmpty();
        assertThat(WebhookJson.object(utf8("{\"a\":" + "[".repeat(1_000_000)))).isEmpty();
        assertThat(WebhookJson.object(utf8("{\"a\":" + "{\"b\":".repeat(100_000)))).isEmpty();
    }

    @Test
    void anEmptyObjectAndEmptyContainersAreRead() {
        assertThat(WebhookJson.object(utf8("{}"))).contains(Map.of());
        assertThat(WebhookJson.object(utf8("{\"a\":[],\"b\":{},\"\":\"\"}")).orElseThrow())
                .containsEntry("a", List.of()).containsEntry("b", Map.of()).containsEntry("", "");
    }
}
