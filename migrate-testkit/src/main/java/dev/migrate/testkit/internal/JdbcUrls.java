package dev.migrate.testkit.internal;

import java.util.regex.Pattern;

/** Reading and rewriting {@code jdbc:postgresql:} URLs. */
public final class JdbcUrls {
    static final String PREFIX = "jdbc:postgresql:";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

    private JdbcUrls() {
    }

    public static boolean isPostgres(String url) {
        return url.startsWith(PREFIX);
    }

    /**
     * The same server and parameters, another database: {@code jdbc:postgresql://h:5432/app?ssl=true}
     * with {@code test_1} gives {@code jdbc:postgresql://h:5432/test_1?ssl=true}.
     */
    public static String withDatabase(String url, String database) {
        String rest = url.substring(PREFIX.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q);
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String hosts = slash < 0 ? rest : rest.substring(0, slash);
            return PREFIX + hosts + "/" + database + query;
        }
        return PREFIX + database + query;
    }

    /** The URL with any password it carries masked, fit for a message. */
    public static String redact(String url) {
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
        return USER_INFO.matcher(masked).replaceAll("//$1:****@");
    }
}
