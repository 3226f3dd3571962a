/**
 * The offline verifier: a command-line program, packaged alone with the proof code and a
 * JSON parser ({@code mandat-*-verifier.jar}), that needs neither Spring nor the network.
 */
@NullMarked
package fr.mandat.journal.proof.cli;

import org.jspecify.annotations.NullMarked;
