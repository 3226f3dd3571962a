/**
 * The usager's own space ({@code /mon-espace}): signed in through the usagers' identity
 * provider with its own client, filter chain and session attributes, the usager finds
 * every mandate and every act done in their name (found through their pseudonym only),
 * proves each with a journal receipt, revokes a mandate or one of its categories, and
 * downloads everything Mandat holds about them. Depends on the public APIs of
 * {@code mandate}, {@code demarche}, {@code journal} and {@code usager} only.
 */
@NullMarked
package fr.mandat.espaceusager;

import org.jspecify.annotations.NullMarked;
