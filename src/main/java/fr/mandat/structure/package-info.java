/**
 * Structures, aidants, their habilitation and roles, and the link between a Keycloak
 * subject and an aidant.
 */
@NullMarked
package fr.mandat.structure;

import org.jspecify.annotations.NullMarked;
