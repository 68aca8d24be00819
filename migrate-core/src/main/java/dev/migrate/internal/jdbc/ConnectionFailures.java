package dev.migrate.internal.jdbc;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Why a connection could not be opened, in words a person can act on: the server's own reason
 * (which never holds the password) and the fix for that case.
 */
final class ConnectionFailures {
    private ConnectionFailures() {
    }

    /** The reason and the fix for {@code failure}, a connection attempt's exception or one wrapping it. */
    static String explain(Throwable failure) {
        SQLException sql = deepest(failure);
        String state = sql == null ? null : sql.getSQLState();
        String reason = firstLine(sql != null ? sql.getMessage() : failure.getMessage()) + (state == null ? "" : " [SQLSTATE " + state + "]");
        return reason + ". " + fix(failure, state);
    }

    private static String fix(Throwable failure, String state) {
        if (find(failure, UnknownHostException.class) != null) {
            return "The host name does not resolve: fix the host in the URL.";
        }
        if (find(failure, ConnectException.class) != null || find(failure, NoRouteToHostException.class) != null) {
            return "Nothing accepts connections at that host and port: start PostgreSQL, or fix the host and port in the URL.";
        }
        if (find(failure, SocketTimeoutException.class) != null) {
            return "The server did not answer in time: check the address, and that no firewall drops the connection.";
        }
        if (state == null) {
            return "Check the URL and that the server is running.";
        }
        return switch (state) {
            case "28P01" -> "Check the user and the password (the password is not shown here).";
            case "28000" -> "The server refused this user from this client: check that the role exists, may log in, and that"
                    + " pg_hba.conf has an entry for this user, database and address.";
            case "3D000" -> "Create the database (CREATE DATABASE ...) or fix its name in the URL.";
            case "53300" -> "The server has no connection slot free: close idle sessions or raise max_connections.";
            case "57P03" -> "The server is starting up, shutting down or in recovery: try again when it accepts connections.";
            case "08001", "08006" -> "Check that the server runs and accepts TCP/IP connections at that host and port.";
            default -> "Check the URL, the user and the server's log.";
        };
    }

    /** The innermost SQL exception: the driver's, under a pool's own. */
    private static SQLException deepest(Throwable t) {
        SQLException found = null;
        for (Throwable at = t; at != null; at = at.getCause() == at ? null : at.getCause()) {
            if (at instanceof SQLException e) {
                found = e;
            }
        }
        return found;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable at = t; at != null; at = at.getCause() == at ? null : at.getCause()) {
            if (type.isInstance(at)) {
                return type.cast(at);
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
