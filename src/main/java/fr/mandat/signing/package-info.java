/**
 * Keys, certificates and signatures: the only module that touches private keys.
 */
@NullMarked
package fr.mandat.signing;

import org.jspecify.annotations.NullMarked;
