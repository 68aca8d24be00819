package dev.migrate;

/**
 * A setting or argument the library cannot work with: thrown by {@link MigratorBuilder#build()}
 * and by calls given a malformed value, before anything connects. Its code is
 * {@link ErrorCode#CONFIGURATION} unless a more precise one applies.
 */
public final class ConfigurationException extends MigrationException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(ErrorCode.CONFIGURATION, message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(ErrorCode.CONFIGURATION, message, cause);
    }

    /** With a code more precise than {@link ErrorCode#CONFIGURATION}, such as {@link ErrorCode#INVALID_VERSION}. */
    public ConfigurationException(ErrorCode code, String message) {
        super(code, message);
    }
}
