INSERT INTO customers (email, name) VALUES
    ('ada@example.com', 'Ada Lovelace'),
    ('grace@example.com', 'Grace Hopper'),
    ('edsger@example.com', 'Edsger Dijkstra');

INSERT INTO orders (customer_id, status, total_cents)
SELECT id, 'paid', 4200 FROM customers WHERE email = 'ada@example.com';
