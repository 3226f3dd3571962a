/**
 * Démarches: the catalogue of procedures carried out at partner services (declared in
 * configuration, each with a validated input record), the forms that describe those
 * inputs, the short-lived delegation tokens sent to partners, and the partner client that
 * turns every call into a typed outcome (accepted, refused, not sent, unknown).
 */
@NullMarked
package fr.mandat.demarche;

import org.jspecify.annotations.NullMarked;
