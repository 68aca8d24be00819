/**
 * An immutable model of a PostgreSQL schema as read from {@code pg_catalog}: schemas, extensions,
 * tables with their columns and constraints, indexes, sequences, views, functions and procedures,
 * triggers, enum, domain and composite types. {@link dev.migrate.schema.DatabaseSchema} is the root;
 * it finds objects by name, renders the whole schema as stable text for snapshot files, and lists
 * the differences from another schema. Every value is a record whose lists are immutable and sorted
 * by name, so that two databases built by the same DDL give equal models.
 */
package dev.migrate.schema;
