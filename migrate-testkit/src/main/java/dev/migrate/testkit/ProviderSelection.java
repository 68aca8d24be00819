package dev.migrate.testkit;

import dev.migrate.ConfigurationException;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** {@link DatabaseProvider#fromEnvironment()}: system properties first, then environment variables. */
final class ProviderSelection {
    static final String PROVIDER = "migrate.test.provider";
    static final String URL = "migrate.test.url";
    static final String USER = "migrate.test.user";
    static final String PASSWORD = "migrate.test.password";
    static final String IMAGE = "migrate.test.image";

    private ProviderSelection() {
    }

    public static DatabaseProvider fromEnvironment() {
        return select(System::getProperty, System::getenv);
    }

    static DatabaseProvider select(UnaryOperator<String> properties, UnaryOperator<String> env) {
        String provider = setting(PROVIDER, properties, env);
        String url = setting(URL, properties, env);
        if (provider == null) {
            return url == null ? DatabaseProvider.embedded() : external(url, properties, env);
        }
        return switch (provider.strip().toLowerCase(Locale.ROOT)) {
            case "embedded" -> DatabaseProvider.embedded();
            case "testcontainers" -> {
                String image = setting(IMAGE, properties, env);
                yield image == null ? DatabaseProvider.testcontainers() : DatabaseProvider.testcontainers(image);
            }
            case "external" -> {
                if (url == null) {
                    throw new ConfigurationException(PROVIDER + "=external needs a server: set " + URL + " (or "
                            + variable(URL) + ") to a URL such as jdbc:postgresql://localhost:5432/postgres");
                }
                yield external(url, properties, env);
            }
            default -> throw new ConfigurationException(PROVIDER + " (or " + variable(PROVIDER) + ") is '" + provider
                    + "': use embedded, testcontainers or external");
        };
    }

    private static DatabaseProvider external(String url, UnaryOperator<String> properties, UnaryOperator<String> env) {
        return DatabaseProvider.external(url, setting(USER, properties, env), setting(PASSWORD, properties, env));
    }

    private static String setting(String property, UnaryOperator<String> properties, UnaryOperator<String> env) {
        String value = properties.apply(property);
        if (value == null || value.isEmpty()) {
            value = env.apply(variable(property));
        }
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code migrate.test.url} as an environment variable: {@code MIGRATE_TEST_URL}. */
    static String variable(String property) {
        return property.replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
