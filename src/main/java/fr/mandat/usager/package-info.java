/**
 * Usagers: identification through the FranceConnect-like identity provider (without
 * touching the aidant's own session), pseudonymous identifiers and personal data
 * encrypted at rest.
 */
@NullMarked
package fr.mandat.usager;

import org.jspecify.annotations.NullMarked;
