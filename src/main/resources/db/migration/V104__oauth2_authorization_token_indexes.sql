-- Mandat as an OpenID provider (issue 15, ADR 0114): Spring Authorization Server finds an
-- authorization by the value of its code or token (code exchange, token exchange,
-- introspection, userinfo); without these, each lookup read the whole table. Hash indexes:
-- equality only, and token values (ID tokens, delegation tokens) can be long. Every column
-- of the lookup by any token type (an OR of them) is indexed, so that one uses them too.
CREATE INDEX oauth2_authorization_code_ix ON oauth2_authorization USING hash (authorization_code_value);
CREATE INDEX oauth2_authorization_access_token_ix ON oauth2_authorization USING hash (access_token_value);
CREATE INDEX oauth2_authorization_id_token_ix ON oauth2_authorization USING hash (oidc_id_token_value);
CREATE INDEX oauth2_authorization_refresh_token_ix ON oauth2_authorization USING hash (refresh_token_value);
CREATE INDEX oauth2_authorization_user_code_ix ON oauth2_authorization USING hash (user_code_value);
CREATE INDEX oauth2_authorization_device_code_ix ON oauth2_authorization USING hash (device_code_value);
