/**
 * Federation: Mandat as an OpenID provider for partner sites (Spring Authorization
 * Server). An aidant signed in to Mandat chooses, for a partner, a usager of their
 * current structure whose active mandate covers one of the partner's démarche categories;
 * the partner receives an ID token naming the usager (pairwise {@code sub}, the one
 * delegation tokens use), the acting aidant and structure ({@code act}, RFC 8693), the
 * mandate and the categories granted ({@code authorization_details}, RFC 9396). The
 * mandate is checked again when the partner exchanges its code. Depends on the public
 * APIs of {@code mandate}, {@code demarche}, {@code structure}, {@code journal} and
 * {@code signing} only (ADR 0110).
 */
@NullMarked
package fr.mandat.federation;

import org.jspecify.annotations.NullMarked;
