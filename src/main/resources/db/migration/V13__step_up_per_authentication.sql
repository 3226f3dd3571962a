-- An authentication with a fresh one-time code confirms one sensitive action through the
-- API, whatever tokens it was turned into (a refreshed token keeps its auth_time): the
-- key is the person's subject and the authentication's time, no longer the token's jti.
DELETE FROM step_up_token_use;
ALTER TABLE step_up_token_use RENAME COLUMN jti TO authentication;
