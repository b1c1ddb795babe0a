package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON lexing shared by FlatJson and WebhookJson: each primitive consumes only what it matches. */
class JsonCursorTest {

    @Test
    void blanksAreSpaceTabLineFeedAndCarriageReturnOnly() {
        JsonCursor c = new JsonCursor(" \t\r\n x", 0);
        c.blanks();
        assertThat(c.index()).isEqualTo(5);
        assertThat(c.peek()).isEqualTo('x');
        for (String notBlank : new String[] {"\ufeffx", "\u00a0x", "\fx", "\u000bx", "\u2028x"}) {
            JsonCursor d = new JsonCursor(notBlank, 0);
            d.blanks();
            assertThat(d.index()).as("%s is not JSON whitespace", notBlank).isZero();
        }
    }

    @Test
    void takeAndWordConsumeOnlyOnAMatch() {
        JsonCursor c = new JsonCursor("{tru true", 0);
        assertThat(c.take('[')).isFalse();
        assertThat(c.index()).isZero();
        assertThat(c.take('{')).isTrue();
        assertThat(c.word("true")).isFalse();
        assertThat(c.index()).isEqualTo(1);
        assertThat(c.word("tru")).isTrue();
        assertThat(c.since(1)).isEqualTo("tru");
        c.blanks();
        assertThat(c.word("true")).isTrue();
        assertThat(c.atEnd()).isTrue();
        assertThat(c.peek()).isEqualTo(-1);
        assertThat(c.take('x')).isFalse();
        assertThat(c.word("true")).isFalse();
    }

    @Test
    void digitsAreAsciiOnly() {
        assertThat(new JsonCursor("0123456789x", 0).digits()).isEqualTo(10);
        assertThat(new JsonCursor("\uff11\uff12", 0).digits()).as("full-width digits").isZero();
        assertThat(new JsonCursor("\u0661\u0662", 0).digits()).as("Arabic-Indic digits").isZero();
        assertThat(new JsonCursor("", 0).digits()).isZero();
    }

    @Test
    void anIntegerPartIsZeroOrHasNoLeadingZero() {
        assertThat(new JsonCursor("0", 0).integerDigits()).isEqualTo(1);
        assertThat(new JsonCursor("0.5", 0).integerDigits()).isEqualTo(1);
        assertThat(new JsonCursor("120,", 0).integerDigits()).isEqualTo(3);
        assertThat(new JsonCursor("01", 0).integerDigits()).isEqualTo(-1);
        assertThat(new JsonCursor("00", 0).integerDigits()).isEqualTo(-1);
        assertThat(new JsonCursor("", 0).integerDigits()).isEqualTo(-1);
        assertThat(new JsonCursor("-1", 0).integerDigits()).as("the sign is the grammar's").isEqualTo(-1);
        assertThat(new JsonCursor("\uff11", 0).integerDigits()).isEqualTo(-1);
    }

    @Test
    void aStringIsDecodedAndTheCursorEndsAfterItsClosingQuote() {
        JsonCursor c = new JsonCursor("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u00C9\\ud83d\\ude00\u2713\",", 0);
        assertThat(c.string()).isEqualTo("a\"b\\c/d\b\f\n\r\t\u00e9\u00c9\ud83d\ude00\u2713");
        assertThat(c.peek()).isEqualTo(',');
        assertThat(new JsonCursor("x\"\"", 1).string()).isEmpty();
    }

    @Test
    void aSurrogateEscapeIsKeptAsItsOneUnitPairedOrNot() {
        assertThat(new JsonCursor("\"\\ud800\"", 0).string()).isEqualTo("\ud800");
        assertThat(new JsonCursor("\"\\ude00\\ud83d\"", 0).string()).isEqualTo("\ude00\ud83d");
        assertThat(new JsonCursor("\"\\ud83dx\"", 0).string()).isEqualTo("\ud83dx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "'a'", "\"unterminated", "\"a\\", "\"tab\there\"", "\"nul\u0000\"",
        "\"\\x\"", "\"\\U0041\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\u-123\"", "\"\\u\uff10\uff10\uff14\uff11\"",
        "\"\\u\u0660\u0660\u0664\u0661\""})
    void aMalformedStringIsNull(String text) {
        assertThat(new JsonCursor(text, 0).string()).isNull();
    }

    @Test
    void eachReaderKeepsItsOwnIntegerRule() {
        String negative18 = "{\"n\":-999999999999999999}";
        assertThat(FlatJson.parseObject(negative18, 0).orElseThrow().fields())
                .containsEntry("n", -999_999_999_999_999_999L);
        assertThat(WebhookJson.object(negative18.getBytes(StandardCharsets.UTF_8)).orElseThrow())
                .isEqualTo(Map.of("n", WebhookJson.OtherNumber.NUMBER));
        String digits19 = "{\"n\":1000000000000000000}";
        assertThat(FlatJson.parseObject(digits19, 0)).isEmpty();
        assertThat(WebhookJson.object(digits19.getBytes(StandardCharsets.UTF_8)).orElseThrow())
                .isEqualTo(Map.of("n", WebhookJson.OtherNumber.NUMBER));
        String fraction = "{\"n\":1.5}";
        assertThat(FlatJson.parseObject(fraction, 0)).isEmpty();
        assertThat(WebhookJson.object(fraction.getBytes(StandardCharsets.UTF_8))).isPresent();
    }
}
