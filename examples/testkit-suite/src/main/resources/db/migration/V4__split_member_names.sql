-- Letters go out as "Dear <first name>": keep the parts apart. Everything before the last space
-- is the first name; a name without a space becomes the first name with an empty last name.
-- The full name column is renamed rather than dropped, so that the down script can give it back
-- in its old place (PostgreSQL adds columns at the end only); the stairway test checks that.
ALTER TABLE members RENAME COLUMN full_name TO first_name;
ALTER TABLE members ADD COLUMN last_name text;

UPDATE members
   SET last_name  = CASE WHEN strpos(first_name, ' ') = 0 THEN '' ELSE regexp_replace(first_name, '^.*\s', '') END,
       first_name = CASE WHEN strpos(first_name, ' ') = 0 THEN first_name ELSE regexp_replace(first_name, '\s+\S+$', '') END;

ALTER TABLE members ALTER COLUMN last_name SET NOT NULL;
