package dev.migrate.internal.engine;

import dev.migrate.internal.jdbc.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The schemas a migrator manages: created when missing before migrating, dropped and re-created by reset. */
final class ManagedSchemas {
    private final List<String> schemas;

    ManagedSchemas(List<String> schemas) {
        this.schemas = List.copyOf(schemas);
    }

    /**
     * Drops each managed schema with everything in it and creates it again with its owner and
     * privileges, all in one transaction: on any failure nothing is dropped.
     */
    void dropAndCreate(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String schema : schemas) {
                List<String> grants = new ArrayList<>();
                String owner = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT n.nspowner::regrole::text,"
                        + " (SELECT string_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(a.grantee::regrole::text) END"
                        + " || ':' || a.privilege_type, ',') FROM aclexplode(n.nspacl) a WHERE a.grantee <> n.nspowner)"
                        + " FROM pg_namespace n WHERE n.nspname = ?")) {
                    ps.setString(1, schema);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            owner = rs.getString(1);
                            String acl = rs.getString(2);
                            if (acl != null) {
                                grants.addAll(List.of(acl.split(",")));
                            }
                        }
                    }
                }
                String quoted = Identifiers.quote(schema);
                st.execute("DROP SCHEMA IF EXISTS " + quoted + " CASCADE");
                st.execute("CREATE SCHEMA " + quoted + (owner == null ? "" : " AUTHORIZATION " + Identifiers.quote(owner)));
                for (String grant : grants) {
                    int colon = grant.lastIndexOf(':');
                    // The grantee is already quoted (quote_ident) or PUBLIC; the privilege is a keyword from aclexplode.
                    st.execute("GRANT " + grant.substring(colon + 1) + " ON SCHEMA " + quoted + " TO " + grant.substring(0, colon));
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Creates the managed schemas after the first (which the history table's creation covers) when absent. */
    void createMissing(Connection c) throws SQLException {
        if (schemas.size() == 1) {
            return;
        }
        List<String> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT s FROM unnest(?::text[]) AS s WHERE NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = s)")) {
            ps.setArray(1, c.createArrayOf("text", schemas.subList(1, schemas.size()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String schema : missing) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
            }
        }
    }
}
