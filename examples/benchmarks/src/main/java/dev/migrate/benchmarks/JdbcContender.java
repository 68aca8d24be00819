package dev.migrate.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The floor: reads each file, splits it at the generator's blank-line separators, and runs its
 * statements in one transaction on one connection. No history, no checksums, no lock.
 */
public final class JdbcContender implements Contender {
    @Override
    public String id() {
        return "jdbc";
    }

    @Override
    public String label() {
        return "raw JDBC";
    }

    @Override
    public boolean keepsHistory() {
        return false;
    }

    @Override
    public int migrate(DataSource dataSource, Path directory) throws IOException, SQLException {
        List<Path> files = migrationFiles(directory);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (Path file : files) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                try (Statement statement = connection.createStatement()) {
                    for (String sql : text.split(MigrationGenerator.STATEMENT_SEPARATOR)) {
                        if (!sql.isBlank()) {
                            statement.execute(sql);
                        }
                    }
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
            }
        }
        return files.size();
    }

    /** The {@code V<n>__*.sql} files of a directory, by version. */
    static List<Path> migrationFiles(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).forEach(files::add);
        }
        files.sort(Comparator.comparingLong(JdbcContender::version));
        return files;
    }

    private static long version(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(1, name.indexOf("__")));
    }
}
