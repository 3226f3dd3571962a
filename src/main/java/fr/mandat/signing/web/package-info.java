/**
 * The service's public keys, published for partners and auditors.
 */
@NullMarked
package fr.mandat.signing.web;

import org.jspecify.annotations.NullMarked;
