package dev.migrate;

/** The builder was given a setting it cannot work with. Thrown by {@link Migrator.Builder#build()}. */
public final class ConfigurationException extends MigrationException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(ErrorCode.CONFIGURATION, message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(ErrorCode.CONFIGURATION, message, cause);
    }
}
