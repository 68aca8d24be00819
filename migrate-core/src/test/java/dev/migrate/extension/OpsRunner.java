package dev.migrate.extension;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.MigrationEvent;
import dev.migrate.Plan;
import dev.migrate.TransactionMode;
import dev.migrate.ValidationProblem;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny step runner, written as a module would write one, through the public SPI only: it runs
 * {@code .ops} scripts, one statement per line, each line a unit of work committed on its own
 * (or all in one transaction when the first line is {@code # transactional}). A line
 * {@code # notice: text} is said to the caller at the start of every attempt.
 */
public final class OpsRunner implements StepRunner {

    /** The module's own options. */
    public record Options(boolean announceLines) {
    }

    /** Published at the start of every attempt of a step's code. */
    public record AttemptStarted(String script, int resumeFrom) implements MigrationEvent.ModuleEvent {
    }

    /** Published after each line, when {@link Options#announceLines()}. */
    public record LineDone(String script, int line) implements MigrationEvent.ModuleEvent {
    }

    /** For {@link java.util.ServiceLoader}. */
    public OpsRunner() {
    }

    @Override
    public boolean runs(Script script) {
        return script.payload() == null && script.path().endsWith(".ops");
    }

    @Override
    public Step prepare(Script script, Context context) {
        List<String> lines = script.text().lines().toList();
        boolean transactional = !lines.isEmpty() && lines.get(0).strip().equals("# transactional");
        List<Plan.Statement> statements = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("# notice: ")) {
                notices.add(line.substring("# notice: ".length()));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                statements.add(new Plan.Statement(i + 1, line));
            }
        }
        if (statements.isEmpty()) {
            throw new InvalidMigrationException(new ValidationProblem(ErrorCode.SQL_SYNTAX, script.path(), 1,
                    "An .ops script needs at least one statement.", "Write one statement per line."));
        }
        boolean announce = context.settings().options(Options.class).map(Options::announceLines).orElse(false);
        return new Step(transactional ? TransactionMode.TRANSACTIONAL : TransactionMode.NON_TRANSACTIONAL,
                transactional ? null : "each line of an .ops script commits on its own", statements, List.of(), session -> {
                    session.publish(new AttemptStarted(session.script(), session.resumeFrom()));
                    notices.forEach(session::notice);
                    for (int i = session.resumeFrom(); i < statements.size(); i++) {
                        session.execute(statements.get(i).sql());
                        session.progress(i + 1);
                        if (announce) {
                            session.publish(new LineDone(session.script(), statements.get(i).line()));
                        }
                    }
                });
    }
}
