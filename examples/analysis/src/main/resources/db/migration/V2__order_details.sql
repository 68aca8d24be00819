-- Released a year after V1: orders holds millions of rows by now.
ALTER TABLE orders ADD COLUMN placed_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE INDEX orders_placed_idx ON orders (placed_at);
ALTER TABLE orders ALTER COLUMN total_cents TYPE numeric(14, 2) USING total_cents / 100.0;
