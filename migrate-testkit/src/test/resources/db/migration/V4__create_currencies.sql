-- Reference data the application expects to find in every environment.
CREATE TABLE currencies (
    code      char(3) PRIMARY KEY,
    name      text    NOT NULL,
    decimals  smallint NOT NULL
);

INSERT INTO currencies (code, name, decimals) VALUES
    ('EUR', 'Euro', 2),
    ('USD', 'US Dollar', 2),
    ('JPY', 'Japanese Yen', 0);

ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR' REFERENCES currencies (code);
