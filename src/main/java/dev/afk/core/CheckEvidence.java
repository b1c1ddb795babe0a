package dev.afk.core;

/** One CI or deploy context as the tracker reported it; what a fix-forward turn and a hand-off packet quote. */
public record CheckEvidence(String context, String state, String description, String url) {

    public CheckEvidence {
        context = context == null ? "" : context;
        state = state == null ? "" : state;
        description = description == null ? "" : description;
        url = url == null ? "" : url;
    }
}
