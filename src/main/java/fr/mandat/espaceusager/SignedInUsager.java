package fr.mandat.espaceusager;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The usager signed in to their space.
 *
 * @param pseudonym what Mandat knows them by (the mandates and the journal hold it)
 * @param displayName their given and family names, from the identity provider's token
 * (never stored by the space)
 * @param authenticatedAt when they last authenticated at the identity provider
 */
record SignedInUsager(String pseudonym, String displayName, @Nullable Instant authenticatedAt) {

	@Override
	public String toString() {
		return "SignedInUsager[authenticatedAt=" + this.authenticatedAt + "]";
	}

}
