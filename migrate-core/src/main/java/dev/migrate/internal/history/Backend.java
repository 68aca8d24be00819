package dev.migrate.internal.history;

import java.time.Instant;

/**
 * The server process that runs a migration's statements, as {@code pg_stat_activity} names it.
 * The pair of pid and start time tells that process apart from a later one that reuses its pid.
 *
 * @param pid             {@code pg_backend_pid()}
 * @param started         {@code backend_start}
 * @param applicationName {@code application_name} of the session
 */
public record Backend(int pid, Instant started, String applicationName) {
}
