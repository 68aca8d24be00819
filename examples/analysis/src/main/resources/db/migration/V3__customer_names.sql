ALTER TABLE customers ADD COLUMN display_name text;
UPDATE customers SET display_name = split_part(email, '@', 1);
ALTER TABLE customers ALTER COLUMN display_name SET NOT NULL;
ALTER TABLE customers RENAME COLUMN email TO email_address;
