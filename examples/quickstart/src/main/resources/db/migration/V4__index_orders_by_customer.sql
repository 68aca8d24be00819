-- CONCURRENTLY cannot run in a transaction: migrate notices and runs this file without one.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);
