package dev.afk.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dashboard at {@code /} on the management port: one server-rendered HTML page from a {@link DashboardView}, with
 * no script, no external asset and a 15-second refresh, readable on a phone. Every text goes through
 * {@link #escape}, so no tracker text (a title, a link, the evidence) can open a tag or an attribute; a link is only
 * made of an {@code http(s)} URL, anything else is shown as text.
 */
public final class DashboardPage {

    /** The page reloads itself this often (seconds). */
    public static final int REFRESH_SECONDS = 15;

    private static final Pattern WEB_URL = Pattern.compile("https?://[^\\s\"'<>`\\\\]+");

    private DashboardPage() {
    }

    public static String render(DashboardView v) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<title>AFK ").append(escape(v.state())).append("</title><style>")
                .append("body{font:15px/1.4 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:.6rem;color:#222}")
                .append("h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}")
                .append("h3{font-size:1rem;margin:.8rem 0 .3rem}")
                .append(".state{display:inline-block;padding:.1rem .5rem;border-radius:.3rem;color:#fff;font-weight:bold}")
                .append(".armed{background:#1a7f37}.draining{background:#9a6700}.disarmed{background:#cf222e}")
                .append(".card{border:1px solid #d0d7de;border-radius:.4rem;padding:.5rem .7rem;margin:.4rem 0;overflow-wrap:anywhere}")
                .append(".muted{color:#57606a;font-size:.9rem}.evidence{white-space:pre-wrap;background:#f6f8fa;padding:.3rem;margin:.3rem 0 0}")
                .append("ol.phases{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;padding:0;margin:.3rem 0}")
                .append("ol.phases li{padding:0 .4rem;border-radius:.3rem;background:#eaeef2;color:#57606a}")
                .append("ol.phases li.reached{background:#dafbe1;color:#1a7f37}")
                .append("table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.2rem .4rem;")
                .append("border-bottom:1px solid #eaeef2;vertical-align:top;overflow-wrap:anywhere}")
                .append("</style></head><body>\n");
        header(h, v);
        holds(h, v);
        breakers(h, v);
        runs(h, v);
        queue(h, v);
        ended(h, v);
        h.append("<p class=\"muted\">Rendered ").append(time(v.now())).append("; refreshes every ")
                .append(REFRESH_SECONDS).append(" s. JSON: <a href=\"/afk/status\">/afk/status</a>, metrics: ")
                .append("<a href=\"/observe/metrics\">/observe/metrics</a>.</p>\n</body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, DashboardView v) {
        h.append("<header id=\"plane\"><h1>AFK <span class=\"state ").append(stateClass(v.state())).append("\">")
                .append(escape(v.state())).append("</span></h1>");
        if (!v.reason().isEmpty()) {
            h.append("<p id=\"why\">").append(escape(v.reason())).append("</p>");
        }
        h.append("<p class=\"muted\">").append(escape(v.tracker())).append(" · allowlist: ")
                .append(v.allowlist().isEmpty() ? "(empty)" : escape(String.join(", ", v.allowlist())))
                .append(" · in flight ").append(v.runs().size()).append('/').append(v.maxInFlight())
                .append(" · queued ").append(v.queue().size()).append(" · ended ").append(v.ended().size())
                .append("</p><p class=\"muted\">last poll: ").append(v.lastPoll().isEmpty() ? "none yet"
                        : escape(v.lastPoll()))
                .append("<br>last watch: ").append(v.lastWatch().isEmpty() ? "none yet" : escape(v.lastWatch()))
                .append("</p></header>\n");
    }

    /** Only when something holds dispatch: each hold with its scope, what opened it, its evidence and since when. */
    private static void holds(StringBuilder h, DashboardView v) {
        if (v.holds().isEmpty()) {
            return;
        }
        h.append("<section id=\"holds\"><h2>Holds (").append(v.holds().size()).append(")</h2>\n");
        for (BreakerPolicy.Hold hold : v.holds()) {
            h.append("<div class=\"card hold\"><strong>")
                    .append(hold.repo() == null ? "whole fleet" : escape(hold.scope())).append("</strong> · ")
                    .append(escape(hold.kind())).append(" · ")
                    .append(hold.marker() == null ? "opened by a person" : "opened by AFK").append(" · since ")
                    .append(time(hold.since())).append(" (").append(age(Duration.between(hold.since(), v.now())))
                    .append(")<div>");
            if (hold.issue() != null) {
                issueLine(h, hold.issue().toString(), hold.evidence(), hold.url());
            } else {
                h.append("<div class=\"evidence\">").append(escape(hold.evidence())).append("</div>");
            }
            h.append("</div></div>\n");
        }
        h.append("</section>\n");
    }

    /** The open fleet breakers (issue 12), each with since when, why and what closes it; nothing while none is. */
    private static void breakers(StringBuilder h, DashboardView v) {
        List<DashboardView.Breaker> open = v.breakers().stream().filter(DashboardView.Breaker::open).toList();
        if (open.isEmpty()) {
            return;
        }
        h.append("<section id=\"breakers\"><h2>Breakers open (").append(open.size()).append(")</h2>\n");
        for (DashboardView.Breaker b : open) {
            h.append("<div class=\"card breaker\"><strong>").append(escape(b.name())).append("</strong>");
            if (b.since() != null) {
                h.append(" <span class=\"muted\">since ").append(time(b.since())).append("</span>");
            }
            h.append("<p class=\"evidence\">").append(escape(b.evidence())).append("</p>");
            if (!b.resumes().isEmpty()) {
                h.append("<p class=\"muted\">resumes on: ").append(escape(b.resumes())).append("</p>");
            }
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private static void runs(StringBuilder h, DashboardView v) {
        h.append("<section id=\"runs\"><h2>Runs in flight (").append(v.runs().size()).append(")</h2>\n");
        if (v.runs().isEmpty()) {
            h.append("<p class=\"muted\">No run in flight.</p>");
        }
        for (DashboardView.InFlight r : v.runs()) {
            h.append("<div class=\"card run\">");
            issueLine(h, r.issue(), r.title(), r.url());
            h.append("<div class=\"muted\">attempt ").append(r.attempt()).append(" · T3 thread <code>")
                    .append(escape(r.thread())).append("</code> · age ")
                    .append(age(Duration.between(r.dispatchedAt(), v.now()))).append(" · fix-forward ")
                    .append(r.fixForward()).append('/').append(v.maxFixForward());
            if (r.sha() != null && !r.sha().isEmpty()) {
                h.append(" · pushed <code>").append(escape(r.sha())).append("</code>");
            }
            h.append("</div><ol class=\"phases\">");
            for (Phase p : Phase.values()) {
                h.append("<li class=\"").append(r.phase().atLeast(p) ? "reached" : "ahead").append("\">")
                        .append(p.wire()).append(p == r.phase() ? " ◀" : "").append("</li>");
            }
            h.append("</ol><div class=\"muted\">dispatched ").append(time(r.dispatchedAt()));
            if (r.turnAt() != null) {
                h.append(" · latest turn ").append(time(r.turnAt()));
            }
            if (r.progressAt() != null) {
                h.append(" · last progress ").append(time(r.progressAt()));
            }
            h.append("</div>");
            if (r.stopPending() != null) {
                h.append("<div class=\"stop\">stop pending: ").append(escape(r.stopPending())).append("</div>");
            }
            if (r.budget() != null) {
                h.append("<div class=\"budget\">").append(escape(r.budget())).append("</div>");
            }
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private static void queue(StringBuilder h, DashboardView v) {
        h.append("<section id=\"queue\"><h2>Queue (").append(v.queue().size()).append(")</h2>\n");
        Map<String, List<DashboardView.Queued>> byRepo = new LinkedHashMap<>();
        v.allowlist().forEach(r -> byRepo.put(r, new java.util.ArrayList<>()));
        for (DashboardView.Queued q : v.queue()) {
            byRepo.computeIfAbsent(q.repo(), r -> new java.util.ArrayList<>()).add(q);
        }
        if (byRepo.isEmpty()) {
            h.append("<p class=\"muted\">No repository is allowlisted.</p>");
        }
        for (Map.Entry<String, List<DashboardView.Queued>> e : byRepo.entrySet()) {
            h.append("<h3>").append(escape(e.getKey())).append("</h3>");
            if (e.getValue().isEmpty()) {
                h.append("<p class=\"muted\">Nothing waiting.</p>");
                continue;
            }
            h.append("<table><tr><th>issue</th><th>waiting because</th></tr>");
            for (DashboardView.Queued q : e.getValue()) {
                h.append("<tr class=\"queued\"><td>");
                issueLine(h, q.issue(), q.title(), q.url());
                h.append("</td><td>").append(escape(q.reason())).append("</td></tr>");
            }
            h.append("</table>\n");
        }
        h.append("</section>\n");
    }

    private static void ended(StringBuilder h, DashboardView v) {
        h.append("<section id=\"ended\"><h2>Ended runs (last ").append(DashboardView.MAX_ENDED).append(")</h2>\n");
        if (!v.history().isEmpty()) {
            h.append("<p class=\"history\">").append(escape(v.history())).append("</p>");
        }
        if (v.ended().isEmpty()) {
            h.append("<p class=\"muted\">No run has ended.</p>");
        }
        for (DashboardView.Ended e : v.ended()) {
            h.append("<div class=\"card ended\">");
            issueLine(h, e.issue(), e.title(), e.url());
            h.append("<div><strong>").append(escape(e.kind())).append("</strong> · ").append(escape(e.reason()))
                    .append(" · ").append(time(e.endedAt())).append("</div><div class=\"muted\">attempt ")
                    .append(e.attempt()).append(" · T3 thread <code>").append(escape(e.thread()))
                    .append("</code></div>");
            if (!e.evidence().isEmpty()) {
                h.append("<pre class=\"evidence\">").append(escape(e.evidence())).append("</pre>");
            }
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private static void issueLine(StringBuilder h, String issue, String title, String url) {
        h.append("<div class=\"issue\">");
        if (isWebUrl(url)) {
            h.append("<a href=\"").append(escape(url)).append("\">").append(escape(issue)).append("</a>");
        } else {
            h.append("<b>").append(escape(issue)).append("</b>");
        }
        if (!title.isEmpty()) {
            h.append(" <span class=\"title\">").append(escape(title)).append("</span>");
        }
        h.append("</div>");
    }

    /** Whether {@code url} may become a link: an http(s) URL without a character that could end the attribute. */
    public static boolean isWebUrl(String url) {
        return url != null && WEB_URL.matcher(url).matches();
    }

    /** Escapes the five HTML specials, so the text is text in an element and in a quoted attribute. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String stateClass(String state) {
        return switch (state) {
            case "armed" -> "armed";
            case "draining", "halting" -> "draining"; // amber: still watching runs, dispatching nothing
            default -> "disarmed";
        };
    }

    static String time(Instant t) {
        return t == null ? "" : t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
    }

    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m";
        }
        long hours = m / 60;
        return hours < 48 ? hours + "h " + (m % 60) + "m" : (hours / 24) + "d " + (hours % 24) + "h";
    }
}
