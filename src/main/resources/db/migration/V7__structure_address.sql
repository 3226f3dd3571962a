-- Where a structure receives the public (shown to admins; printed later on documents).
ALTER TABLE structure ADD COLUMN address_line VARCHAR(200);
ALTER TABLE structure ADD COLUMN postal_code CHAR(5) CHECK (postal_code ~ '^[0-9]{5}$');
ALTER TABLE structure ADD COLUMN city VARCHAR(100);
ALTER TABLE structure ADD COLUMN updated_at TIMESTAMPTZ;
