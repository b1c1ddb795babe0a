package dev.afk.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afk.adapter.Handoff;
import dev.afk.adapter.HoldBell;
import dev.afk.core.EscalationReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Slack doorbell's wire: turns a {@link Handoff} into a Block Kit message and its JSON (what
 * {@link SlackWebhook} posts to the incoming webhook), and turns a failed post into a short, credential-free
 * description for the log.
 *
 * <p>Everything that came from outside (issue URL, evidence from CI, ids) is escaped for mrkdwn and bounded, so a
 * hostile or huge CI description can neither forge Slack links/mentions nor push the payload past Slack's block
 * limits (which would lose the whole hand-off to an {@code invalid_blocks} reply).
 */
public final class SlackWire {

    /** Slack's limit for a header block's plain text. */
    public static final int HEADER_MAX_CHARS = 150;
    /** Slack's limit for a section's text is 3000; the evidence gets most of it, after escaping. */
    public static final int EVIDENCE_MAX_CHARS = 2500;
    /** Slack's limit for one section field is 2000; ours are short, this bounds odd ids. */
    public static final int FIELD_MAX_CHARS = 300;
    /** The notification fallback stays one readable line. */
    public static final int TEXT_MAX_CHARS = 300;

    private static final String ELLIPSIS = "…";
    /**
     * Writes the two keys an incoming webhook reads, {@code text} and {@code blocks}: the payload camel-slack's Gson
     * posted, without the Slack SDK's default-false message flags, which a webhook ignores.
     */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://\\S+");

    /** Bound as {@code slackWire} by {@code routes/doorbell.camel.yaml}; stateless. */
    public SlackWire() {}

    /** The hand-off packet as a Block Kit message with a plain-text fallback. */
    public static ObjectNode message(Handoff h) {
        ObjectNode m = JSON.createObjectNode();
        m.put("text", text(h));
        ArrayNode blocks = m.putArray("blocks");
        blocks.addObject().put("type", "header")
                .set("text", textObject("plain_text", bound("Needs a human: " + keyText(h), HEADER_MAX_CHARS)));
        blocks.addObject().put("type", "section").set("text", textObject("mrkdwn",
                "*" + issueLink(h) + "* was handed back to a person: " + escape(reasonInWords(h.reason())) + "."));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        fields.add(field("Repository", escape(h.key() == null ? "unknown" : h.key().repo().slug())));
        fields.add(field("Attempt", String.valueOf(h.attempt())));
        fields.add(field("Phase reached", escape(h.phaseReached() == null ? "none" : h.phaseReached().wire())));
        fields.add(field("Reason", escape(h.reason() == null ? "unknown" : h.reason().name())));
        fields.add(field("Thread", h.threadId() == null || h.threadId().isBlank() ? "none" : code(h.threadId())));
        blocks.addObject().put("type", "section")
                .set("text", textObject("mrkdwn", "*Evidence*\n" + evidence(h.evidence())));
        return m;
    }

    /**
     * A hold's doorbell (issue 12): one per trip, naming the hold issue; its text starts {@code AFK hold <issue>} so it
     * is never read as a hand-off of that issue.
     */
    public static ObjectNode message(HoldBell b) {
        ObjectNode m = JSON.createObjectNode();
        m.put("text", text(b));
        ArrayNode blocks = m.putArray("blocks");
        blocks.addObject().put("type", "header").set("text", textObject("plain_text",
                bound("AFK paused dispatch: " + ("*".equals(b.scope()) ? "the whole fleet" : b.scope()),
                        HEADER_MAX_CHARS)));
        blocks.addObject().put("type", "section").set("text", textObject("mrkdwn", escape(b.text())
                + "\nClose " + holdLink(b) + " to resume; the evidence is on it."));
        return m;
    }

    public static String json(HoldBell b) {
        try {
            return JSON.writeValueAsString(message(b));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(HoldBell b) {
        return bound(escape("AFK hold " + b.hold() + ": " + b.text()), TEXT_MAX_CHARS);
    }

    public static String logContext(HoldBell b) {
        return "hold=" + b.hold() + " scope=" + b.scope();
    }

    private static String holdLink(HoldBell b) {
        String url = b.issueUrl().strip();
        String label = escape(b.hold().toString());
        if (!url.toLowerCase(Locale.ROOT).matches("https?://\\S+")) {
            return label;
        }
        return "<" + url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace("&", "&amp;") + "|"
                + label + ">";
    }

    /** {@link #message} as the JSON body of the webhook POST. */
    public static String json(Handoff h) {
        try {
            return JSON.writeValueAsString(message(h));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of strings always serialises
        }
    }

    /** The plain-text fallback shown in notifications and by clients that cannot render blocks. */
    public static String text(Handoff h) {
        String phase = h.phaseReached() == null ? "none" : h.phaseReached().wire();
        return bound(escape(keyText(h) + " needs a human: " + reasonInWords(h.reason()) + " (attempt "
                + h.attempt() + ", reached " + phase + ")"), TEXT_MAX_CHARS);
    }

    /** What happened, for the person reading the doorbell. */
    public static String reasonInWords(EscalationReason reason) {
        if (reason == null) {
            return "the run was handed back";
        }
        return switch (reason) {
            case AGENT_FAILED -> "the agent's thread errored, stopped, finished without a push, or stalled";
            case CI_EXHAUSTED -> "CI or deploy still failing after the last fix-forward round";
            case RECORD_UNREADABLE -> "AFK's state comment on the issue could not be read, so AFK stopped acting on the run";
            case STOPPED_BY_PERSON -> "a person asked AFK to stop with /afk stop, so AFK stopped the agent";
            case HALTED -> "the operator halted AFK (AFK_KILL_SWITCH_FILE says halt), so AFK stopped the agent";
            case BUDGET_EXHAUSTED -> "the run crossed a limit of the issue's budget, so AFK stopped the agent";
            case CI_REPEATED -> "a fix-forward round's checks failed exactly as before it, so AFK stopped instead of "
                    + "spending another round";
            case CI_INFRA -> "CI itself failed on the agent's commit (an infrastructure error) and did not recover "
                    + "within the grace; the agent got no fix-forward turn";
        };
    }

    /** {@code key=value} context for log lines about this hand-off (never the webhook URL). */
    public static String logContext(Handoff h) {
        return "issue=" + keyText(h) + " attempt=" + h.attempt() + " reason=" + (h.reason() == null ? "unknown"
                : h.reason().name()) + " thread=" + (h.threadId() == null ? "none" : h.threadId());
    }

    /**
     * A bounded metric tag for a post that got no HTTP reply: {@code transport} (refused, timeout, reset, closed)
     * or {@code other}. Replies are classified by {@link SlackPost#replied}.
     */
    public static String failureKind(Throwable t) {
        return rootIo(t) != null ? "transport" : "other";
    }

    /**
     * A one-line, credential-free description of a post that got no HTTP reply, e.g. {@code
     * error=HttpTimeoutException detail="request timed out"}. Any URL in the message is cut out, since the webhook
     * URL is the credential.
     */
    public static String failureSummary(Throwable t) {
        if (t == null) {
            return "error=unknown";
        }
        Throwable cause = rootIo(t) != null ? rootIo(t) : t;
        String detail = cause.getMessage() == null ? "" : URL.matcher(cause.getMessage()).replaceAll("<url>");
        detail = detail.replaceAll("\\s+", " ").strip();
        if (detail.length() > 120) {
            detail = detail.substring(0, 120) + ELLIPSIS;
        }
        return "error=" + cause.getClass().getSimpleName() + (detail.isEmpty() ? "" : " detail=\"" + detail + "\"");
    }

    /** mrkdwn's control characters: Slack asks for exactly these three to be escaped. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Cuts {@code s} to at most {@code max} chars, ending in "…" when cut, never in the middle of an escape entity
     * ({@code &amp;}) or a surrogate pair, so the cut text still renders.
     */
    public static String bound(String s, int max) {
        if (s == null || s.length() <= max) {
            return s == null ? "" : s;
        }
        int end = max - ELLIPSIS.length();
        int amp = s.lastIndexOf('&', end - 1);
        if (amp >= 0 && amp >= end - 5) {
            int semi = s.indexOf(';', amp);
            if (semi < 0 || semi >= end) {
                end = amp; // the entity would be cut: drop it whole
            }
        }
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + ELLIPSIS;
    }

    static String evidence(String raw) {
        if (raw == null || raw.isBlank()) {
            return "_none recorded_";
        }
        // A ``` inside the evidence would close our code block early and render the rest as mrkdwn.
        String fenced = escape(raw.strip().replace("```", "'''"));
        return "```" + bound(fenced, EVIDENCE_MAX_CHARS) + "```";
    }

    static String issueLink(Handoff h) {
        String label = escape(keyText(h));
        String url = h.issueUrl() == null ? "" : h.issueUrl().strip();
        if (!url.toLowerCase(Locale.ROOT).matches("https?://\\S+")) {
            return label; // no link at all rather than a javascript: or malformed one
        }
        // In <url|label> a '|' or '>' in the URL would end the link: percent-encode what Slack treats as syntax.
        String safe = url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace("&", "&amp;");
        return "<" + safe + "|" + label + ">";
    }

    private static String keyText(Handoff h) {
        return h.key() == null ? "unknown issue" : h.key().toString();
    }

    private static ObjectNode field(String title, String escapedValue) {
        return textObject("mrkdwn", "*" + title + "*\n" + bound(escapedValue, FIELD_MAX_CHARS));
    }

    private static ObjectNode textObject(String type, String text) {
        return JSON.createObjectNode().put("type", type).put("text", text);
    }

    private static String code(String s) {
        return "`" + bound(escape(s.replace("`", "'")), FIELD_MAX_CHARS - 20) + "`";
    }

    private static IOException rootIo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException io) {
                return io;
            }
        }
        return null;
    }
}
