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

    /** ASCII only: {@link Character#digit} would also accept full-width and other Unicode digits. */
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

    /** A cursor over the text; every method returns false/empty on malformed input instead of throwing. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s, int from) {
            this.s = s;
            this.i = from;
        }

        Optional<Parsed> object() {
            Map<String, Object> fields = new LinkedHashMap<>();
            skipBlanks();
            if (!take('{')) {
                return Optional.empty();
            }
            skipBlanks();
            if (take('}')) {
                return Optional.of(new Parsed(fields, i));
            }
            while (true) {
                skipBlanks();
                Optional<String> key = string();
                skipBlanks();
                if (key.isEmpty() || !take(':') || fields.containsKey(key.get())) {
                    return Optional.empty();
                }
                skipBlanks();
                Optional<Value> value = value();
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                fields.put(key.get(), value.get().v());
                skipBlanks();
                if (take('}')) {
                    return Optional.of(new Parsed(fields, i));
                }
                if (!take(',')) {
                    return Optional.empty();
                }
            }
        }

        /** Wraps a value so that JSON null can travel through an Optional. */
        private record Value(Object v) {
        }

        private Optional<Value> value() {
            if (i >= s.length()) {
                return Optional.empty();
            }
            char c = s.charAt(i);
            if (c == '"') {
                return string().map(Value::new);
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return integer().map(Value::new);
            }
            if (word("true")) {
                return Optional.of(new Value(Boolean.TRUE));
            }
            if (word("false")) {
                return Optional.of(new Value(Boolean.FALSE));
            }
            if (word("null")) {
                return Optional.of(new Value(null));
            }
            return Optional.empty();
        }

        private Optional<Long> integer() {
            int start = i;
            take('-');
            int digitsFrom = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int digits = i - digitsFrom;
            boolean leadingZero = digits > 1 && s.charAt(digitsFrom) == '0';
            if (digits == 0 || digits > MAX_INTEGER_DIGITS || leadingZero) {
                return Optional.empty();
            }
            if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                return Optional.empty(); // the marker holds counts only
            }
            return Optional.of(Long.parseLong(s.substring(start, i)));
        }

        private Optional<String> string() {
            if (!take('"')) {
                return Optional.empty();
            }
            StringBuilder out = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return Optional.of(out.toString());
                }
                if (c < 0x20) {
                    return Optional.empty();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    return Optional.empty();
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        int code = hex4();
                        if (code < 0) {
                            return Optional.empty();
                        }
                        out.append((char) code);
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }

        private int hex4() {
            if (i + 4 > s.length()) {
                return -1;
            }
            int code = 0;
            for (int k = 0; k < 4; k++) {
                char h = s.charAt(i + k);
                int d = h < 0x80 ? HEX.indexOf(Character.toLowerCase(h)) : -1;
                if (d < 0) {
                    return -1;
                }
                code = code * 16 + d;
            }
            i += 4;
            return code;
        }

        private boolean word(String w) {
            if (s.startsWith(w, i)) {
                i += w.length();
                return true;
            }
            return false;
        }

        private boolean take(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void skipBlanks() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                    || s.charAt(i) == '\r')) {
                i++;
            }
        }
    }
}
