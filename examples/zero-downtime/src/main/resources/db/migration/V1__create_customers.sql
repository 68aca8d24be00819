CREATE TABLE customers (
    id   bigserial PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, 10000) g;
