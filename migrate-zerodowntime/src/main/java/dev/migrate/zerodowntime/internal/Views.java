package dev.migrate.zerodowntime.internal;

import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.Table;
import dev.migrate.zerodowntime.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The schema of views a version of the application reads: one view per table of the managed
 * schema, each a plain projection (so PostgreSQL can insert, update and delete through it), its
 * columns named as that version knows them. The views run with the reader's own privileges
 * ({@code security_invoker}, PostgreSQL 15 and later), so row-level security and grants work as
 * on the tables; the grants on each table and the schema's {@code USAGE} are copied to them.
 */
final class Views {
    private Views() {
    }

    /** One DO block that (re)creates {@code versionSchema} with its views and grants. */
    static String create(DatabaseSchema schema, String base, String versionSchema, Map<String, List<Operation>> inFlight,
                         int serverMajor) {
        String vs = Sql.quote(versionSchema);
        List<String> statements = new ArrayList<>();
        statements.add("DROP SCHEMA IF EXISTS " + vs + " CASCADE");
        statements.add("CREATE SCHEMA " + vs);
        statements.add(grant("SELECT 'USAGE'::text, a.grantee FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode("
                + "COALESCE(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) a WHERE n.nspname = " + Sql.literal(base)
                + " AND a.privilege_type = 'USAGE' AND a.grantee <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)",
                "'GRANT USAGE ON SCHEMA ' || " + Sql.literal(vs)));
        for (Table t : schema.tables()) {
            if (!t.schema().equals(base) || t.partitionOf() != null || t.kind() == Table.Kind.FOREIGN_TABLE) {
                continue;
            }
            List<Operation> ops = inFlight.getOrDefault(t.name(), List.of());
            String name = Exposure.tableName(t.name(), ops);
            if (name == null) {
                continue;
            }
            List<String> columns = new ArrayList<>();
            Exposure.columns(t.columnNames(), ops).forEach((visible, physical) ->
                    columns.add(visible.equals(physical) ? Sql.quote(physical) : Sql.quote(physical) + " AS " + Sql.quote(visible)));
            String view = vs + "." + Sql.quote(name);
            String table = Sql.quote(base) + "." + Sql.quote(t.name());
            statements.add("CREATE VIEW " + view + (serverMajor >= 15 ? " WITH (security_invoker = true)" : "") + " AS SELECT "
                    + String.join(", ", columns) + " FROM " + table);
            // A table with no ACL has its owner's default rights: those go to the views too, when the
            // owner is not the role that makes them (and owns them).
            statements.add(grant("SELECT a.privilege_type, a.grantee FROM pg_catalog.pg_class c, pg_catalog.aclexplode("
                    + "COALESCE(c.relacl, pg_catalog.acldefault('r', c.relowner))) a WHERE c.oid = " + Sql.literal(table) + "::regclass"
                    + " AND a.grantee <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user) AND a.privilege_type IN"
                    + " ('SELECT', 'INSERT', 'UPDATE', 'DELETE')", "'GRANT ' || migrate_grant.privilege || ' ON ' || " + Sql.literal(view)));
        }
        return Planner.BLOCK_START + "DECLARE migrate_grant record; BEGIN " + String.join("; ", statements) + "; END $migrate_zdt$";
    }

    /** A loop over {@code query}'s (privilege, grantee) rows, granting each: {@code prefix} is the GRANT up to its TO. */
    private static String grant(String query, String prefix) {
        return "FOR migrate_grant IN SELECT g.privilege, g.grantee FROM (" + query + ") AS g (privilege, grantee) LOOP EXECUTE "
                + prefix + " || ' TO ' || CASE WHEN migrate_grant.grantee = 0 THEN 'PUBLIC' ELSE"
                + " pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(migrate_grant.grantee)) END; END LOOP";
    }
}
