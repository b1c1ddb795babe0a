package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class JsonCursorProperties {

    /** A flat object as generated: values String, Long, Boolean or {@link WebhookJson.Null#NULL}. */
    record Flat(List<Map.Entry<String, Object>> entries, List<String> blanks) {
    }

    @Provide
    Arbitrary<String> anyStrings() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("\"\\/<>&\u0000\u001f\u007f\ud800\udc00\u2028\ufeff").ofMaxLength(12));
    }

    @Provide
    Arbitrary<Flat> flats() {
        Arbitrary<Object> values = Arbitraries.oneOf(anyStrings().map(s -> (Object) s),
                // the integers both readers read as Long: FlatJson up to 18 digits, WebhookJson up to 18 characters
                Arbitraries.longs().between(-99_999_999_999_999_999L, 999_999_999_999_999_999L).map(n -> (Object) n),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b),
                Arbitraries.just((Object) WebhookJson.Null.NULL));
        Arbitrary<List<Map.Entry<String, Object>>> entries = Combinators.combine(anyStrings(), values)
                .as(Map::entry).list().ofMaxSize(8).uniqueElements(Map.Entry::getKey);
        Arbitrary<List<String>> blanks = Arbitraries.strings().withChars(" \t\r\n").ofMaxLength(2).list()
                .ofSize(40);
        return Combinators.combine(entries, blanks).as(Flat::new);
    }

    @Property(tries = 2000)
    void theCursorReadsBackWhatFlatJsonQuotes(@ForAll("anyStrings") String s) {
        JsonCursor c = new JsonCursor(FlatJson.quote(s), 0);
        assertThat(c.string()).isEqualTo(s);
        assertThat(c.atEnd()).isTrue();
    }

    @Property(tries = 1000)
    void bothReadersAgreeOnAnyFlatObject(@ForAll("flats") Flat flat) {
        StringBuilder text = new StringBuilder();
        int b = 0;
        text.append(flat.blanks().get(b++)).append('{');
        Map<String, Object> asFlat = new LinkedHashMap<>();
        for (int k = 0; k < flat.entries().size(); k++) {
            Map.Entry<String, Object> e = flat.entries().get(k);
            Object v = e.getValue();
            String literal = v instanceof String str ? FlatJson.quote(str) : v == WebhookJson.Null.NULL ? "null"
                    : v.toString();
            text.append(k == 0 ? "" : ",").append(flat.blanks().get(b++)).append(FlatJson.quote(e.getKey()))
                    .append(flat.blanks().get(b++)).append(':').append(flat.blanks().get(b++)).append(literal)
                    .append(flat.blanks().get(b++));
            asFlat.put(e.getKey(), v == WebhookJson.Null.NULL ? null : v);
        }
        String json = text.append('}').toString();
        Map<String, Object> asWebhook = new LinkedHashMap<>();
        flat.entries().forEach(e -> asWebhook.put(e.getKey(), e.getValue()));

        FlatJson.Parsed parsed = FlatJson.parseObject(json, 0).orElseThrow();
        assertThat(parsed.fields()).containsExactlyEntriesOf(asFlat);
        assertThat(parsed.end()).isEqualTo(json.length());
        assertThat(WebhookJson.object(json.getBytes(StandardCharsets.UTF_8))).contains(asWebhook);
    }
}
