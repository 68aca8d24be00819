package dev.migrate.analysis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypeChangesTest {
    @Test
    void binary_compatible_changes_do_not_rewrite() {
        assertThat(TypeChanges.rewrites("varchar(20)", "varchar(40)")).isFalse();
        assertThat(TypeChanges.rewrites("character varying(20)", "text")).isFalse();
        assertThat(TypeChanges.rewrites("text", "varchar")).isFalse();
        assertThat(TypeChanges.rewrites("varchar(20)", "character varying")).isFalse();
        assertThat(TypeChanges.rewrites("numeric(10, 2)", "numeric(12, 2)")).isFalse();
        assertThat(TypeChanges.rewrites("numeric(10,2)", "numeric")).isFalse();
        assertThat(TypeChanges.rewrites("cidr", "inet")).isFalse();
        assertThat(TypeChanges.rewrites("integer", "int4")).isFalse();
    }

    @Test
    void everything_else_rewrites() {
        assertThat(TypeChanges.rewrites("varchar(40)", "varchar(20)")).isTrue();
        assertThat(TypeChanges.rewrites("numeric(10, 2)", "numeric(12, 3)")).isTrue();
        assertThat(TypeChanges.rewrites("numeric(10, 2)", "numeric(8, 2)")).isTrue();
        assertThat(TypeChanges.rewrites("int", "bigint")).isTrue();
        assertThat(TypeChanges.rewrites("text", "varchar(10)")).isTrue();
        assertThat(TypeChanges.rewrites("json", "jsonb")).isTrue();
        assertThat(TypeChanges.rewrites("timestamp", "timestamptz")).isTrue();
        assertThat(TypeChanges.rewrites("text", "text[]")).isTrue();
        assertThat(TypeChanges.rewrites("char(10)", "text")).isTrue();
    }

    @Test
    void an_unknown_source_is_assumed_to_be_widened_to_text_varchar_or_numeric() {
        assertThat(TypeChanges.rewrites(null, "text")).isFalse();
        assertThat(TypeChanges.rewrites(null, "varchar(255)")).isFalse();
        assertThat(TypeChanges.rewrites(null, "numeric(20, 4)")).isFalse();
        assertThat(TypeChanges.rewrites(null, "bigint")).isTrue();
        assertThat(TypeChanges.rewrites(null, "uuid")).isTrue();
    }
}
