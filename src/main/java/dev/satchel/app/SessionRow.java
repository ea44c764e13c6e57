package dev.satchel.app;

/**
 * One row of the dashboard's list of a user's sessions, formatted for the page. Public only because the
 * precompiled template, in another package, reads it.
 */
public record SessionRow(String created, String lastSeen, String browser, boolean current) {}
