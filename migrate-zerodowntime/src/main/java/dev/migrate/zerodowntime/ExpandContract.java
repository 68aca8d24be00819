package dev.migrate.zerodowntime;

import dev.migrate.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A versioned migration run the expand-contract way, so that the application's old and new
 * versions work side by side while it is in flight. {@code migrate()} starts it (expand, backfill,
 * a schema of views for the new version) and stops there; {@link ZeroDowntime#complete} removes the
 * old shape once the old version is gone, {@link ZeroDowntime#rollback} undoes it without a trace.
 *
 * <pre>{@code
 * ExpandContract rename = ExpandContract.migration("5", "rename users name")
 *         .renameColumn("users", "name", "full_name")
 *         .changeType("orders", "amount", "bigint", "amount::bigint", "amount::int");
 *
 * Migrator migrator = Migrator.configure().dataSource(ds).source(ZeroDowntime.source(rename)).build();
 * migrator.migrate();                              // expanded: the new version reads public_v5
 * ZeroDowntime.on(migrator).complete("5");         // once no old-version session is left
 * }</pre>
 *
 * <p>Immutable: each method returns a new migration with one more operation.
 *
 * @param version     its version, ordered with the other migrations'
 * @param description what it does
 * @param operations  its operations, in order
 */
public record ExpandContract(Version version, String description, List<Operation> operations) {
    public ExpandContract {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        operations = List.copyOf(operations);
    }

    /** A migration without operations yet. */
    public static ExpandContract migration(String version, String description) {
        return new ExpandContract(Version.parse(version), description, List.of());
    }

    /** The same migration with {@code operation} last. */
    public ExpandContract then(Operation operation) {
        List<Operation> all = new ArrayList<>(operations);
        all.add(Objects.requireNonNull(operation, "operation"));
        return new ExpandContract(version, description, all);
    }

    /** See {@link Operation.CreateTable}. */
    public ExpandContract createTable(String table, List<Operation.Column> columns, List<String> primaryKey) {
        return then(new Operation.CreateTable(table, columns, primaryKey));
    }

    /** See {@link Operation.DropTable}. */
    public ExpandContract dropTable(String table) {
        return then(new Operation.DropTable(table));
    }

    /** See {@link Operation.RenameTable}. */
    public ExpandContract renameTable(String table, String to) {
        return then(new Operation.RenameTable(table, to));
    }

    /** See {@link Operation.AddColumn}. */
    public ExpandContract addColumn(String table, Operation.Column column, String up) {
        return then(new Operation.AddColumn(table, column, up));
    }

    /** See {@link Operation.DropColumn}. */
    public ExpandContract dropColumn(String table, String column, String down) {
        return then(new Operation.DropColumn(table, column, down));
    }

    /** See {@link Operation.RenameColumn}. */
    public ExpandContract renameColumn(String table, String column, String to) {
        return then(new Operation.RenameColumn(table, column, to));
    }

    /** See {@link Operation.ChangeType}. */
    public ExpandContract changeType(String table, String column, String type, String up, String down) {
        return then(new Operation.ChangeType(table, column, type, up, down));
    }

    /** See {@link Operation.SetNotNull}. */
    public ExpandContract setNotNull(String table, String column, String up) {
        return then(new Operation.SetNotNull(table, column, up));
    }

    /** See {@link Operation.DropNotNull}. */
    public ExpandContract dropNotNull(String table, String column) {
        return then(new Operation.DropNotNull(table, column));
    }

    /** See {@link Operation.AddCheck}. */
    public ExpandContract addCheck(String table, String name, String check) {
        return then(new Operation.AddCheck(table, name, check));
    }

    /** See {@link Operation.AddUnique}. */
    public ExpandContract addUnique(String table, String name, List<String> columns) {
        return then(new Operation.AddUnique(table, name, columns));
    }

    /** See {@link Operation.AddForeignKey}. */
    public ExpandContract addForeignKey(String table, String name, List<String> columns, String references,
                                        List<String> referencedColumns, String onDelete) {
        return then(new Operation.AddForeignKey(table, name, columns, references, referencedColumns, onDelete));
    }

    /** See {@link Operation.CreateIndex}. */
    public ExpandContract createIndex(String table, String name, List<String> columns, boolean unique) {
        return then(new Operation.CreateIndex(table, name, columns, unique));
    }

    /** See {@link Operation.DropIndex}. */
    public ExpandContract dropIndex(String table, String name) {
        return then(new Operation.DropIndex(table, name));
    }

    /** See {@link Operation.RawSql}. */
    public ExpandContract sql(String up, String down) {
        return then(new Operation.RawSql(up, down));
    }

    /** The tables its operations change, in order of first appearance. */
    public List<String> tables() {
        return operations.stream().map(Operation::table).filter(Objects::nonNull).distinct().toList();
    }
}
