package dev.migrate.testkit;

/** How long one test database lives, set with {@link MigrateExtension#withIsolation(Isolation)}. */
public enum Isolation {
    /**
     * Every test method gets a fresh database, created before {@code @BeforeEach} methods and
     * dropped after {@code @AfterEach} methods. The default.
     */
    PER_TEST,
    /**
     * Every test class gets one database, created before {@code @BeforeAll} methods and dropped
     * after {@code @AfterAll} methods; its test methods see each other's writes. Register the
     * extension in a static field (or use {@code @TestInstance(PER_CLASS)}) so that one extension
     * serves the whole class.
     */
    PER_CLASS
}
