package fr.mandat.federation;

import java.lang.reflect.Method;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Authorization Server's pushed-request URIs are
 * {@code urn:ietf:params:oauth:request_uri:<state>___<expiry>} with a random Base64url
 * state, which may itself hold {@code ___}: 7.1.0 then read the wrong expiry and refused
 * about one partner sign-in in 6,500 with {@code invalid_request} (spring-security#19444;
 * the pom pins the release that fixed it). Its parser is not public: reached by
 * reflection.
 */
class PushedRequestUriTests {

	@Test
	void aStateHoldingTheDelimiterStillGivesTheExpiry() throws Exception {
		Class<?> type = Class.forName("org.springframework.security.oauth2.server.authorization.authentication."
				+ "OAuth2PushedAuthorizationRequestUri");
		Method parse = type.getDeclaredMethod("parse", String.class);
		parse.setAccessible(true);
		Method expiresAt = type.getDeclaredMethod("getExpiresAt");
		expiresAt.setAccessible(true);

		Object uri = parse.invoke(null,
				"urn:ietf:params:oauth:request_uri:xXMGJTZwzXIFL8i_DFu___frCWjpiF2q-xs=___1781670640281");

		assertThat(expiresAt.invoke(uri)).isEqualTo(Instant.ofEpochMilli(1781670640281L));
	}

}
