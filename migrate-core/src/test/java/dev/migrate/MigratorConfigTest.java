package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.spi.MigrationSource;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class MigratorConfigTest {
    record ModuleOptions(int batchSize) {
    }

    /** A configuration in which every setting differs from its default. */
    private static MigratorConfig everythingSet() {
        JavaMigration java = new JavaMigration() {
            public Version version() {
                return Version.parse("9");
            }

            public String description() {
                return "java";
            }

            public void migrate(Connection connection) {
            }
        };
        StepRunner runner = new StepRunner() {
            public boolean runs(Script script) {
                return false;
            }

            public Step prepare(Script script, Context context) {
                throw new UnsupportedOperationException();
            }
        };
        MigrationSource source = found -> { };
        return Migrator.configure()
                .dataSource(new PGSimpleDataSource())
                .locations("filesystem:/tmp/a", "classpath:b")
                .schemas("app", "extra")
                .historyTable("history")
                .placeholder("owner", "app_rw")
                .lockWait(Duration.ofSeconds(7))
                .lockTimeout(Duration.ofMillis(123))
                .lockRetries(4)
                .outOfOrder(true)
                .target("5")
                .installedBy("ci")
                .refuseFindingsAbove(Severity.MEDIUM)
                .allowReset(true)
                .seedScript("classpath:seed.sql")
                .seeder(c -> { })
                .listener(e -> { })
                .callback(new Callback() { })
                .javaMigrations(java)
                .checker((plan, context) -> List.of())
                .source(source)
                .stepRunner(runner)
                .classLoader(new URLClassLoader(new URL[0]))
                .options(new ModuleOptions(500))
                .config();
    }

    @Test
    void to_builder_keeps_every_setting() {
        MigratorConfig config = everythingSet();
        assertThat(config.toBuilder().config()).isEqualTo(config);
        assertThat(config.toBuilder().build().config()).isEqualTo(config);
    }

    @Test
    void the_round_trip_fixture_sets_every_component_so_a_new_setting_cannot_be_forgotten() throws Exception {
        MigratorConfig set = everythingSet();
        MigratorConfig defaults = Migrator.configure().dataSource(new PGSimpleDataSource()).config();
        for (Object[] pair : List.of(new Object[] {set, defaults}, new Object[] {set.locks(), defaults.locks()},
                new Object[] {set.reset(), defaults.reset()}, new Object[] {set.hooks(), defaults.hooks()})) {
            for (RecordComponent rc : pair[0].getClass().getRecordComponents()) {
                Object value = rc.getAccessor().invoke(pair[0]);
                Object standard = rc.getAccessor().invoke(pair[1]);
                assertThat(Objects.equals(value, standard))
                        .as("%s.%s is left at its default in the fixture: set it, so toBuilder() is checked for it",
                                pair[0].getClass().getSimpleName(), rc.getName())
                        .isFalse();
            }
        }
    }

    @Test
    void changing_a_copy_leaves_the_original_alone() {
        MigratorConfig config = everythingSet();
        MigratorConfig changed = config.toBuilder().target("6").lockRetries(0).config();
        assertThat(changed.target()).isEqualTo(Version.parse("6"));
        assertThat(changed.locks().lockRetries()).isZero();
        assertThat(config.target()).isEqualTo(Version.parse("5"));
        assertThat(changed.hooks()).isEqualTo(config.hooks());
    }

    @Test
    void a_module_reads_its_options_back_by_their_class() {
        MigratorConfig config = everythingSet();
        assertThat(config.options(ModuleOptions.class)).contains(new ModuleOptions(500));
        assertThat(config.options(String.class)).isEmpty();
        assertThat(config.toBuilder().options(new ModuleOptions(10)).config().options(ModuleOptions.class))
                .contains(new ModuleOptions(10));
        assertThatThrownBy(() -> new MigratorConfig(config.connection(), config.locations(), config.schemas(), config.historyTable(),
                config.placeholders(), config.locks(), false, null, null, null, config.reset(), config.hooks(), config.classLoader(),
                Map.of(ModuleOptions.class, "not the record")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ModuleOptions");
    }

    @Test
    void a_version_argument_that_is_not_a_version_is_a_configuration_error_with_a_code() {
        assertThatThrownBy(() -> Migrator.configure().target("1.x"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION))
                .hasMessageContaining("target '1.x' is not a version");
        try (Migrator migrator = Migrator.configure().dataSource(new PGSimpleDataSource()).build()) {
            assertThatThrownBy(() -> migrator.rollback().to("latest"))
                    .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION));
            assertThatThrownBy(() -> migrator.baseline("v1"))
                    .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION));
            assertThatThrownBy(() -> migrator.rollback().steps(0)).isInstanceOf(ConfigurationException.class);
            assertThatThrownBy(() -> migrator.resolve().resume("2", 0)).isInstanceOf(ConfigurationException.class);
        }
    }

    @Test
    void lock_policy_and_names_are_checked_when_the_configuration_is_made() {
        assertThatThrownBy(() -> new MigratorConfig.LockPolicy(Duration.ofSeconds(-1), Duration.ZERO, 0))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("lockWait");
        assertThatThrownBy(() -> Migrator.configure().dataSource(new PGSimpleDataSource()).lockRetries(-1))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("lockRetries");
        assertThatThrownBy(() -> Migrator.configure().dataSource(new PGSimpleDataSource()).schemas("a", "a").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> Migrator.configure().build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("No database");
    }
}
