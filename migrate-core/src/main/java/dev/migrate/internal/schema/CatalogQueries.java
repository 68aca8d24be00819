package dev.migrate.internal.schema;

/**
 * The catalog queries {@link CatalogReader} runs, one per kind of object. A query's first
 * parameter, when it has one, is the {@code text[]} of schemas to read; its second, when it has
 * one, the {@code text[]} of table names to leave out. No query uses {@code ?} otherwise, so the
 * reader binds by counting them. Only catalog columns present in PostgreSQL 12 are used, except
 * where {@link #triggers(int)} asks for the server's version.
 */
final class CatalogQueries {
    private static final String IN_SCHEMAS = "n.nspname::text = ANY(?)";
    private static final String NOT_EXCLUDED = "NOT (c.relname::text = ANY(?))";
    private static final String RELATION_KINDS = "c.relkind IN ('r', 'p', 'f', 'v', 'm')";

    static final String SCHEMAS = "SELECT n.nspname FROM pg_namespace n WHERE " + IN_SCHEMAS;

    static final String EXTENSIONS = """
            SELECT e.extname, e.extversion, n.nspname
            FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace""";

    static final String RELATIONS = """
            SELECT n.nspname, c.relname, c.relkind::text, c.relpersistence::text,
                   CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                   pn.nspname, pc.relname,
                   CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
                   obj_description(c.oid, 'pg_class')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
            LEFT JOIN pg_class pc ON pc.oid = i.inhparent
            LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
            """ + "WHERE " + RELATION_KINDS + " AND " + IN_SCHEMAS + " AND " + NOT_EXCLUDED + " AND "
            + notInExtension("pg_class", "c.oid");

    /** In column order within each relation: the reader keeps the order rows come in. */
    static final String COLUMNS = """
            SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   a.attidentity::text, a.attgenerated::text,
                   CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   CASE WHEN a.attcollation <> t.typcollation THEN
                       CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname::text
                            ELSE cn.nspname || '.' || co.collname END
                   END,
                   col_description(c.oid, a.attnum)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
            """ + "WHERE a.attnum > 0 AND NOT a.attisdropped AND " + RELATION_KINDS + " AND " + IN_SCHEMAS
            + " AND " + NOT_EXCLUDED + "\nORDER BY a.attnum";

    /**
     * Leaves out the copies of a foreign key that PostgreSQL adds on the referencing table for each
     * partition of a referenced partitioned table: they share the table of their parent constraint.
     */
    static final String CONSTRAINTS = """
            SELECT n.nspname, c.relname, co.conname, co.contype::text,
                   ARRAY(SELECT a.attname::text FROM unnest(co.conkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                   pg_get_constraintdef(co.oid), co.convalidated,
                   rn.nspname, rc.relname,
                   ARRAY(SELECT a.attname::text FROM unnest(co.confkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
                   co.confdeltype::text, co.confupdtype::text
            FROM pg_constraint co
            JOIN pg_class c ON c.oid = co.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class rc ON rc.oid = co.confrelid
            LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE co.contype IN ('p', 'u', 'c', 'f', 'x')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint parent
                              WHERE parent.oid = co.conparentid AND parent.conrelid = co.conrelid)
            """ + "  AND " + IN_SCHEMAS + " AND " + NOT_EXCLUDED + " AND " + notInExtension("pg_class", "c.oid");

    static final String INDEXES = """
            SELECT n.nspname, ic.relname, c.relname,
                   ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, false)
                         FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
                   ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, false)
                         FROM generate_series(i.indnkeyatts + 1, i.indnatts) k ORDER BY k),
                   i.indisunique, i.indisprimary, pg_get_expr(i.indpred, i.indrelid), i.indisvalid, am.amname,
                   pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_am am ON am.oid = ic.relam
            """ + "WHERE " + IN_SCHEMAS + " AND " + NOT_EXCLUDED + " AND " + notInExtension("pg_class", "c.oid");

    /** The owning column is an {@code OWNED BY} (auto) or identity (internal) dependency. */
    static final String SEQUENCES = """
            SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
                   s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
                   CASE WHEN oa.attname IS NOT NULL THEN oc.relname || '.' || oa.attname END
            FROM pg_sequence s
            JOIN pg_class c ON c.oid = s.seqrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                 AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_class oc ON oc.oid = d.refobjid
            LEFT JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid
            """ + "WHERE " + IN_SCHEMAS + " AND (oc.relname IS NULL OR NOT (oc.relname::text = ANY(?))) AND "
            + notInExtension("pg_class", "c.oid");

    static final String ROUTINES = """
            SELECT n.nspname, p.proname, p.prokind::text, pg_get_function_identity_arguments(p.oid),
                   pg_get_function_result(p.oid), l.lanname, pg_get_functiondef(p.oid)
            FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_language l ON l.oid = p.prolang
            """ + "WHERE p.prokind IN ('f', 'p') AND " + IN_SCHEMAS + " AND " + notInExtension("pg_proc", "p.oid");

    static final String ENUMS = """
            SELECT n.nspname, t.typname,
                   ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
            FROM pg_type t
            JOIN pg_namespace n ON n.oid = t.typnamespace
            """ + "WHERE t.typtype = 'e' AND " + IN_SCHEMAS + " AND " + notInExtension("pg_type", "t.oid");

    /** One row per check constraint of each domain, or one row with nulls for a domain without. */
    static final String DOMAINS = """
            SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
                   co.conname, pg_get_constraintdef(co.oid), co.convalidated
            FROM pg_type t
            JOIN pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_constraint co ON co.contypid = t.oid AND co.contype = 'c'
            """ + "WHERE t.typtype = 'd' AND " + IN_SCHEMAS + " AND " + notInExtension("pg_type", "t.oid");

    /** One row per attribute in order, or one row with nulls for a type without attributes. */
    static final String COMPOSITES = """
            SELECT n.nspname, t.typname, a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_type t
            JOIN pg_namespace n ON n.oid = t.typnamespace
            JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            """ + "WHERE t.typtype = 'c' AND " + IN_SCHEMAS + " AND " + notInExtension("pg_type", "t.oid")
            + "\nORDER BY a.attnum";

    private CatalogQueries() {
    }

    /**
     * Triggers the user wrote: not the internal ones behind foreign keys, nor the copies on
     * partitions of a partitioned table's trigger, which are internal up to PostgreSQL 12 and have a
     * {@code tgparentid} (a column added in 13) from then on.
     */
    static String triggers(int serverMajorVersion) {
        return """
                SELECT n.nspname, c.relname, t.tgname, t.tgenabled::text, pg_get_triggerdef(t.oid)
                FROM pg_trigger t
                JOIN pg_class c ON c.oid = t.tgrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT t.tgisinternal
                """ + (serverMajorVersion >= 13 ? "  AND t.tgparentid = 0\n" : "") + "  AND " + IN_SCHEMAS
                + " AND " + NOT_EXCLUDED + " AND " + notInExtension("pg_class", "c.oid");
    }

    /** The object is not a member of an extension. */
    private static String notInExtension(String catalog, String oid) {
        return "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" + catalog + "'::regclass AND x.objid = "
                + oid + " AND x.deptype = 'e')";
    }
}
