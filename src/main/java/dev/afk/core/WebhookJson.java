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
        r.c.blanks();
        Object v = r.value(0);
        r.c.blanks();
        if (v == null || !r.c.atEnd() || !(v instanceof Map<?, ?>)) {
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

    /** The document grammar over the shared {@link JsonCursor}; every method answers null on malformed input. */
    private static final class Reader {
        private final JsonCursor c;

        Reader(String s) {
            this.c = new JsonCursor(s, 0);
        }

        Object value(int depth) {
            int next = c.peek();
            if (next < 0 || depth > MAX_DEPTH) {
                return null;
            }
            return switch (next) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> c.string();
                case 't' -> c.word("true") ? Boolean.TRUE : null;
                case 'f' -> c.word("false") ? Boolean.FALSE : null;
                case 'n' -> c.word("null") ? Null.NULL : null;
                default -> next == '-' || (next >= '0' && next <= '9') ? number() : null;
            };
        }

        private Object object(int depth) {
            c.take('{');
            Map<String, Object> fields = new HashMap<>();
            c.blanks();
            if (c.take('}')) {
                return fields;
            }
            while (true) {
                c.blanks();
                String key = c.string();
                c.blanks();
                if (key == null || !c.take(':') || fields.containsKey(key)) {
                    return null;
                }
                c.blanks();
                Object v = value(depth + 1);
                if (v == null) {
                    return null;
                }
                fields.put(key, v);
                c.blanks();
                if (c.take('}')) {
                    return fields;
                }
                if (!c.take(',')) {
                    return null;
                }
            }
        }

        private Object array(int depth) {
            c.take('[');
            List<Object> items = new ArrayList<>();
            c.blanks();
            if (c.take(']')) {
                return items;
            }
            while (true) {
                c.blanks();
                Object v = value(depth + 1);
                if (v == null) {
                    return null;
                }
                items.add(v);
                c.blanks();
                if (c.take(']')) {
                    return items;
                }
                if (!c.take(',')) {
                    return null;
                }
            }
        }

        private Object number() {
            int start = c.index();
            c.take('-');
            if (c.integerDigits() < 0) {
                return null; // no digits, or a leading zero
            }
            boolean integer = true;
            if (c.take('.')) {
                integer = false;
                if (c.digits() == 0) {
                    return null;
                }
            }
            if (c.take('e') || c.take('E')) {
                integer = false;
                if (!c.take('+')) {
                    c.take('-');
                }
                if (c.digits() == 0) {
                    return null;
                }
            }
            if (integer && c.index() - start <= 18) {
                return Long.parseLong(c.since(start)); // at most 18 characters always fit a long
            }
            return OtherNumber.NUMBER;
        }
    }
}
