package dev.afk.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON reader of a webhook body (issue 13). Core code may not use Jackson (CorePurityTest), and
 * {@link FlatJson} reads flat objects only, while a tracker's payload nests objects and arrays. This reader takes
 * any RFC 8259 document, strictly and totally: invalid UTF-8, a trailing byte, a duplicate key, a raw control
 * character in a string, or nesting deeper than {@link #MAX_DEPTH} is "not JSON" and yields empty, never an
 * exception (the depth bound also keeps the recursion far from a stack overflow).
 *
 * <p>Values: {@code Map<String, Object>} for objects, {@code List<Object>} for arrays, String, Boolean,
 * {@link Long} for integers that fit, {@link OtherNumber#NUMBER} for any other number (its value is never needed),
 * and {@link Null#NULL}.
 */
final class WebhookJson {

    /** Deeper than any tracker payload (GitHub's nest about ten levels); anything deeper is refused. */
    static final int MAX_DEPTH = 64;

    /** JSON null (a Map cannot tell a null value from a missing key). */
    enum Null {
        NULL
    }

    /** A number that is not an integer fitting a long: read, checked, not kept. */
    enum OtherNumber {
        NUMBER
    }

    private WebhookJson() {}

    /** The body as one JSON object; empty when it is not valid UTF-8, not JSON, or JSON but not an object. */
    static Optional<Map<String, Object>> object(byte[] utf8) {
        if (utf8 == null) {
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        Reader r = new Reader(text);
        r.blanks();
        Object v = r.value(0);
        r.blanks();
        if (v == null || r.i != text.length() || !(v instanceof Map<?, ?>)) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) v;
        return Optional.of(object);
    }

    /** The value at {@code path} (object keys), if every step is an object holding the key. */
    static Optional<Object> at(Map<String, Object> root, String... path) {
        Object here = root;
        for (String key : path) {
            if (!(here instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return Optional.empty();
            }
            here = m.get(key);
        }
        return Optional.of(here);
    }

    /** A cursor over the text; every method answers null on malformed input instead of throwing. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Object value(int depth) {
            if (i >= s.length() || depth > MAX_DEPTH) {
                return null;
            }
            char c = s.charAt(i);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> word("true", Boolean.TRUE);
                case 'f' -> word("false", Boolean.FALSE);
                case 'n' -> word("null", Null.NULL);
                default -> c == '-' || (c >= '0' && c <= '9') ? number() : null;
            };
        }

        private Object object(int depth) {
            i++; // '{'
            Map<String, Object> fields = new HashMap<>();
            blanks();
            if (take('}')) {
                return fields;
            }
            while (true) {
                blanks();
                String key = i < s.length() && s.charAt(i) == '"' ? string() : null;
                blanks();
                if (key == null || !take(':') || fields.containsKey(key)) {
                    return null;
                }
                blanks();
                Object v = value(depth + 1);
                if (v == null) {
                    return null;
                }
                fields.put(key, v);
                blanks();
                if (take('}')) {
                    return fields;
                }
                if (!take(',')) {
                    return null;
                }
            }
        }

        private Object array(int depth) {
            i++; // '['
            List<Object> items = new ArrayList<>();
            blanks();
            if (take(']')) {
                return items;
            }
            while (true) {
                blanks();
                Object v = value(depth + 1);
                if (v == null) {
                    return null;
                }
                items.add(v);
                blanks();
                if (take(']')) {
                    return items;
                }
                if (!take(',')) {
                    return null;
                }
            }
        }

        private Object number() {
            int start = i;
            take('-');
            int intFrom = i;
            if (!digits()) {
                return null;
            }
            if (i - intFrom > 1 && s.charAt(intFrom) == '0') {
                return null; // no leading zeros
            }
            boolean integer = true;
            if (take('.')) {
                integer = false;
                if (!digits()) {
                    return null;
                }
            }
            if (take('e') || take('E')) {
                integer = false;
                if (!take('+')) {
                    take('-');
                }
                if (!digits()) {
                    return null;
                }
            }
            if (integer && i - start <= 18) {
                return Long.parseLong(s.substring(start, i)); // at most 18 characters always fit a long
            }
            return OtherNumber.NUMBER;
        }

        private boolean digits() {
            int from = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            return i > from;
        }

        private String string() {
            i++; // '"'
            StringBuilder out = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    return null;
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    return null;
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
                            return null;
                        }
                        out.append((char) code);
                    }
                    default -> {
                        return null;
                    }
                }
            }
            return null;
        }

        private int hex4() {
            if (i + 4 > s.length()) {
                return -1;
            }
            int code = 0;
            for (int k = 0; k < 4; k++) {
                int d = Character.digit(s.charAt(i + k), 16);
                if (d < 0 || s.charAt(i + k) > 0x7f) {
                    return -1;
                }
                code = code * 16 + d;
            }
            i += 4;
            return code;
        }

        private Object word(String w, Object v) {
            if (s.startsWith(w, i)) {
                i += w.length();
                return v;
            }
            return null;
        }

        private boolean take(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        void blanks() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                    || s.charAt(i) == '\r')) {
                i++;
            }
        }
    }
}
