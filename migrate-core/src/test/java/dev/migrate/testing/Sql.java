package dev.migrate.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Small JDBC conveniences for assertions. */
public final class Sql {
    private Sql() {
    }

    /** The first column of every row, as text. */
    public static List<String> column(DataSource ds, String query) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    public static String one(DataSource ds, String query) {
        List<String> values = column(ds, query);
        if (values.size() != 1) {
            throw new IllegalStateException(query + " returned " + values.size() + " rows");
        }
        return values.get(0);
    }

    public static boolean tableExists(DataSource ds, String qualified) {
        return one(ds, "SELECT to_regclass('" + qualified + "') IS NOT NULL").equals("t");
    }

    public static void execute(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
