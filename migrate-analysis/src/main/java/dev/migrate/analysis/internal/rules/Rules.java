package dev.migrate.analysis.internal.rules;

import java.util.List;

/** Every built-in rule, in the order findings are reported for one statement. */
public final class Rules {
    private Rules() {
    }

    public static List<Rule> all() {
        return List.of(new ConcurrentlyInTransaction(), new EnumAddValueInTransaction(), new EnumValueUsedInTransaction(), new IndexWithoutConcurrently(),
                new DropIndexWithoutConcurrently(), new ReindexWithoutConcurrently(), new DetachPartitionWithoutConcurrently(),
                new ConstraintWithoutNotValid(), new ValidateInSameTransaction(), new ConstraintBuildsIndex(), new SetNotNull(),
                new NotNullWithoutDefault(), new VolatileDefault(), new ColumnFillsRows(), new ColumnTypeChange(), new PreferJsonb(),
                new RenameColumn(), new RenameTable(), new RenameSchema(), new DropColumn(), new DropTable(), new DropSchema(),
                new DropNotNull(), new DropEnumValue(), new AccessExclusiveHeld(), new RepeatedAlterTable(), new MissingLockTimeout(),
                new ForeignKeyWithoutIndex(), new UnboundedDml(), new TruncateCascade(), new TableRewrite(),
                new RefreshWithoutConcurrently());
    }
}
