package dev.migrate.zerodowntime;

import dev.migrate.TransactionMode;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import java.util.HashMap;
import java.util.Map;

/**
 * A step runner as a module would write one, on the public SPI: runs {@code .backfill} files of
 * {@code key=value} lines ({@code table}, {@code set}, optional {@code where}) as a {@link Backfill}.
 */
final class BackfillRunner implements StepRunner {
    @Override
    public boolean runs(Script script) {
        return script.path().endsWith(".backfill");
    }

    @Override
    public Step prepare(Script script, Context context) {
        Map<String, String> lines = new HashMap<>();
        for (String line : script.text().lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                lines.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        Backfill backfill = Backfill.of(lines.get("table")).set(lines.get("set"));
        Backfill chosen = lines.containsKey("where") ? backfill.where(lines.get("where")) : backfill;
        return Step.code(TransactionMode.NON_TRANSACTIONAL, "backfills in batches", chosen::run);
    }
}
