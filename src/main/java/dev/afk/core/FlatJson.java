package dev.afk.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The smallest JSON the AFK comment marker needs: one flat object of strings, integers, booleans and nulls.
 * Core code may not use Jackson, and the marker must survive being embedded in an HTML comment, so the writer
 * escapes everything that is not printable ASCII (and {@code < > & " \}) as {@code \}{@code uXXXX}: the output can
 * never contain {@code -->}, and no tracker-side Unicode normalisation can alter a value.
 * The reader is strict and total: anything else (nesting, fractions, duplicate keys, raw control characters)
 * is "not a flat object" and yields empty, never an exception.
 */
final class FlatJson {

    /** Integers are read as longs; more digits than this cannot be a long and are rejected before parsing. */
    private static final int MAX_INTEGER_DIGITS = 18;

    /** The writer's hex digits (the reader's ASCII-only decoding is {@link JsonCursor}'s). */
    private static final String HEX = "0123456789abcdef";

    private FlatJson() {
    }

    /** A parsed object and the index just after its closing brace. Values: String, Long, Boolean or null. */
    record Parsed(Map<String, Object> fields, int end) {
    }

    /** The JSON literal for {@code s}: a quoted, escaped string, or {@code null}. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean plain = c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
            if (plain) {
                out.append(c);
            } else {
                out.append("\\u").append(HEX.charAt((c >> 12) & 0xf)).append(HEX.charAt((c >> 8) & 0xf))
                        .append(HEX.charAt((c >> 4) & 0xf)).append(HEX.charAt(c & 0xf));
            }
        }
        return out.append('"').toString();
    }

    /** Parses one flat object starting at {@code from} (leading blanks allowed); empty if there is none. */
    static Optional<Parsed> parseObject(String text, int from) {
        if (text == null || from < 0 || from > text.length()) {
            return Optional.empty();
        }
        return new Reader(text, from).object();
    }

    /** The flat-object grammar over the shared {@link JsonCursor}; answers empty on malformed input, never throws. */
    private static final class Reader {
        private final JsonCursor c;

        Reader(String s, int from) {
            this.c = new JsonCursor(s, from);
        }

        Optional<Parsed> object() {
            Map<String, Object> fields = new LinkedHashMap<>();
            c.blanks();
            if (!c.take('{')) {
                return Optional.empty();
            }
            c.blanks();
            if (c.take('}')) {
                return Optional.of(new Parsed(fields, c.index()));
            }
            while (true) {
                c.blanks();
                String key = c.string();
                c.blanks();
                if (key == null || !c.take(':') || fields.containsKey(key)) {
                    return Optional.empty();
                }
                c.blanks();
                Optional<Value> value = value();
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                fields.put(key, value.get().v());
                c.blanks();
                if (c.take('}')) {
                    return Optional.of(new Parsed(fields, c.index()));
                }
                if (!c.take(',')) {
                    return Optional.empty();
                }
            }
        }

        /** Wraps a value so that JSON null can travel through an Optional. */
        private record Value(Object v) {
        }

        private Optional<Value> value() {
            int next = c.peek();
            if (next < 0) {
                return Optional.empty();
            }
            if (next == '"') {
                return Optional.ofNullable(c.string()).map(Value::new);
            }
            if (next == '-' || (next >= '0' && next <= '9')) {
                return integer().map(Value::new);
            }
            if (c.word("true")) {
                return Optional.of(new Value(Boolean.TRUE));
            }
            if (c.word("false")) {
                return Optional.of(new Value(Boolean.FALSE));
            }
            if (c.word("null")) {
                return Optional.of(new Value(null));
            }
            return Optional.empty();
        }

        private Optional<Long> integer() {
            int start = c.index();
            c.take('-');
            int digits = c.integerDigits();
            if (digits < 0 || digits > MAX_INTEGER_DIGITS) {
                return Optional.empty();
            }
            int next = c.peek();
            if (next == '.' || next == 'e' || next == 'E') {
                return Optional.empty(); // the marker holds counts only
            }
            return Optional.of(Long.parseLong(c.since(start)));
        }
    }
}
