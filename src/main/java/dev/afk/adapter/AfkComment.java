package dev.afk.adapter;

/** AFK's own progress comment on an issue: the tracker's comment id and its current body. */
public record AfkComment(long id, String body) {}
