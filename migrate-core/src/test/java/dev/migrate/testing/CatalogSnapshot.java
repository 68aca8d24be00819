package dev.migrate.testing;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The user-visible schema of a database as sorted lines of text, read from {@code pg_catalog}:
 * enough to tell whether two databases were built by the same DDL. The history table is left out.
 */
public final class CatalogSnapshot {
    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            + " AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'";
    private static final String NOT_HISTORY = "c.relname NOT IN ('migrate_history', 'migrate_history_pkey')";

    private CatalogSnapshot() {
    }

    public static List<String> of(DataSource ds) {
        List<String> lines = new ArrayList<>();
        add(lines, ds, "SELECT 'schema ' || nspname FROM pg_namespace n WHERE " + USER_SCHEMAS);
        add(lines, ds, "SELECT 'extension ' || extname FROM pg_extension");
        add(lines, ds, "SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || c.relpersistence::text"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMAS + " AND " + NOT_HISTORY);
        add(lines, ds, "SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                + " || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
                + " || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || ' ' || a.attidentity::text || a.attgenerated::text"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped AND " + USER_SCHEMAS + " AND " + NOT_HISTORY);
        add(lines, ds, "SELECT 'constraint ' || n.nspname || '.' || c.relname || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)"
                + " FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + USER_SCHEMAS + " AND " + NOT_HISTORY);
        add(lines, ds, "SELECT 'index ' || pg_get_indexdef(i.indexrelid) || ' valid=' || i.indisvalid FROM pg_index i"
                + " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + USER_SCHEMAS + " AND " + NOT_HISTORY);
        add(lines, ds, "SELECT 'view ' || n.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND " + USER_SCHEMAS);
        add(lines, ds, "SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.prokind IN ('f', 'p') AND " + USER_SCHEMAS
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = p.oid AND dep.deptype = 'e')");
        add(lines, ds, "SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t WHERE NOT t.tgisinternal");
        add(lines, ds, "SELECT 'type ' || n.nspname || '.' || t.typname || ' ' || t.typtype::text || coalesce(' ' || (SELECT string_agg(e.enumlabel, ','"
                + " ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '') FROM pg_type t"
                + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype IN ('e', 'd', 'c') AND " + USER_SCHEMAS
                + " AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')");
        add(lines, ds, "SELECT 'sequence ' || schemaname || '.' || sequencename || ' ' || data_type || ' ' || increment_by FROM pg_sequences");
        lines.sort(null);
        return lines;
    }

    private static void add(List<String> lines, DataSource ds, String query) {
        lines.addAll(Sql.column(ds, query));
    }
}
