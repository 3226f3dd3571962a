/**
 * The auditors' space: the journal's latest signed checkpoint, proofs, verification of
 * the whole journal and verifiable exports, in pages and in the JSON API. Reserved to
 * people who hold the auditor role in the application's own data.
 */
@NullMarked
package fr.mandat.audit;

import org.jspecify.annotations.NullMarked;
