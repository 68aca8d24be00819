package dev.migrate.zerodowntime;

import dev.migrate.TransactionMode;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A step runner as a module would write one, on the public SPI: runs {@code .backfill} files of
 * blocks (separated by {@code ---} lines) of {@code key=value} lines ({@code table}, {@code set}, optional {@code where}) as a {@link Backfill}.
 */
final class BackfillRunner implements StepRunner {
    @Override
    public boolean runs(Script script) {
        return script.path().endsWith(".backfill");
    }

    @Override
    public Step prepare(Script script, Context context) {
        List<Backfill> backfills = new ArrayList<>();
        for (String block : script.text().split("---\n")) {
            Map<String, String> lines = new HashMap<>();
            for (String line : block.lines().toList()) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    lines.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
            Backfill backfill = Backfill.of(lines.get("table")).set(lines.get("set"));
            backfills.add(lines.containsKey("where") ? backfill.where(lines.get("where")) : backfill);
        }
        return Step.code(TransactionMode.NON_TRANSACTIONAL, "backfills in batches", session -> {
            for (Backfill b : backfills) {
                b.run(session);
            }
        });
    }
}
