/**
 * Mandates: drafts, the usager's identification, consent, the signed mandate (JWS), its
 * printable attestation (PAdES), public verification, revocation and renewal.
 */
@NullMarked
package fr.mandat.mandate;

import org.jspecify.annotations.NullMarked;
