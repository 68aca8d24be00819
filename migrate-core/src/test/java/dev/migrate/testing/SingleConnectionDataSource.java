package dev.migrate.testing;

import java.lang.reflect.Proxy;
import java.sql.Connection;

/** Hands out one physical connection whose close() is ignored, so a test can inspect its session afterwards. */
public final class SingleConnectionDataSource extends ConnectionSource {
    private final Connection connection;

    public SingleConnectionDataSource(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public Connection getConnection() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(connection, args));
    }
}
