package fr.mandat.structure;

import org.jspecify.annotations.Nullable;

/** What a form gives for a new person; values as typed. */
record PersonForm(@Nullable String givenName, @Nullable String familyName, @Nullable String email) {
}
