package fr.mandat.web;

import com.nimbusds.jose.RemoteKeySourceException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;

/**
 * Tells a failure to ask the sign-in provider (Keycloak) for what checks API tokens — its
 * configuration or its keys, fetched on first use — from other errors: the request may be
 * tried again, so it is answered 503 with {@code Retry-After}, not 500 (found by the
 * cluster fault run: an instance started while Keycloak was too slow to answer).
 */
final class IdentityProviderUnavailable {

	private IdentityProviderUnavailable() {
	}

	static boolean causedBy(@Nullable Throwable error) {
		Throwable cause = error;
		for (int depth = 0; cause != null && depth < 20; depth++) {
			if (cause instanceof JwtDecoderInitializationException || cause instanceof RemoteKeySourceException) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

}
