package dev.afk.core;

/**
 * The JSON lexing that {@link FlatJson} and {@link WebhookJson} share: a cursor over a text with the primitives of
 * RFC 8259 that both grammars are built from (blanks, one character, a literal word, a run of digits, a string with
 * its escapes). Each reader keeps only its own grammar on top.
 *
 * <p>Strict and total like its readers: a primitive that does not match answers false, -1 or null, never throws.
 * Digits are ASCII only ({@link Character#isDigit} and {@link Character#digit} would accept full-width and other
 * Unicode digits). A {@code \}{@code u} escape is decoded to its one UTF-16 unit as it stands: a surrogate escape is
 * kept as is, paired or not, exactly as both readers did before they shared this cursor.
 */
final class JsonCursor {

    private final String s;
    private int i;

    /** A cursor over {@code s} at index {@code from}; the caller checks {@code 0 <= from <= s.length()}. */
    JsonCursor(String s, int from) {
        this.s = s;
        this.i = from;
    }

    /** The current index. */
    int index() {
        return i;
    }

    /** Whether the whole text has been read. */
    boolean atEnd() {
        return i >= s.length();
    }

    /** The character at the index, or -1 at the end; nothing is consumed. */
    int peek() {
        return i < s.length() ? s.charAt(i) : -1;
    }

    /** The text read since {@code from} (an earlier {@link #index()}). */
    String since(int from) {
        return s.substring(from, i);
    }

    /** Skips JSON whitespace: space, tab, line feed, carriage return (nothing else, not even a BOM). */
    void blanks() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                || s.charAt(i) == '\r')) {
            i++;
        }
    }

    /** Consumes {@code c} if it is next. */
    boolean take(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    /** Consumes the literal {@code w} (e.g. {@code true}) if it is next. */
    boolean word(String w) {
        if (s.startsWith(w, i)) {
            i += w.length();
            return true;
        }
        return false;
    }

    /** Consumes a run of ASCII digits; answers its length (0 if none). */
    int digits() {
        int from = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    /**
     * Consumes the digits of a JSON integer part: a run of ASCII digits; answers its length, or -1 when the run is
     * empty or has a leading zero ({@code 0} itself is fine, {@code 01} is not).
     */
    int integerDigits() {
        int from = i;
        int n = digits();
        return n == 0 || (n > 1 && s.charAt(from) == '0') ? -1 : n;
    }

    /**
     * Consumes a quoted string and answers its value, or null when there is none here or it is malformed: no
     * opening quote, no closing quote, a raw control character (below U+0020), an unknown escape, or a
     * {@code \}{@code u} without four ASCII hex digits.
     */
    String string() {
        if (!take('"')) {
            return null;
        }
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

    /** Consumes four ASCII hex digits (either case) and answers their value, or -1 (consuming nothing). */
    private int hex4() {
        if (i + 4 > s.length()) {
            return -1;
        }
        int code = 0;
        for (int k = 0; k < 4; k++) {
            int d = hexDigit(s.charAt(i + k));
            if (d < 0) {
                return -1;
            }
            code = code * 16 + d;
        }
        i += 4;
        return code;
    }

    private static int hexDigit(char h) {
        if (h >= '0' && h <= '9') {
            return h - '0';
        }
        if (h >= 'a' && h <= 'f') {
            return h - 'a' + 10;
        }
        if (h >= 'A' && h <= 'F') {
            return h - 'A' + 10;
        }
        return -1;
    }
}
