package dev.migrate.benchmarks;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Liquibase's {@code update} command on the generated master changelog, which includes every SQL
 * file as it is (a raw SQL changelog: one changeset per file). Its console messages go to its
 * logger, which {@link Quiet} turns down.
 */
public final class LiquibaseContender implements Contender {
    @Override
    public String id() {
        return "liquibase";
    }

    @Override
    public String label() {
        return "Liquibase";
    }

    @Override
    public int migrate(DataSource dataSource, Path directory) throws Exception {
        Database database = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(dataSource.getConnection()));
        try {
            DirectoryResourceAccessor resources = new DirectoryResourceAccessor(directory);
            try {
                Map<String, Object> scope = Map.of(Scope.Attr.resourceAccessor.name(), resources,
                        Scope.Attr.ui.name(), new LoggerUIService());
                Scope.child(scope, () -> new CommandScope("update")
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, MigrationGenerator.LIQUIBASE_CHANGELOG)
                        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
                        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                        .setOutput(OutputStream.nullOutputStream())
                        .execute());
            } finally {
                resources.close();
            }
        } finally {
            database.close();
        }
        return -1;
    }
}
