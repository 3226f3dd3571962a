/**
 * Several application processes behind HAProxy, and the load and fault suite run against
 * them (issue 16).
 */
@NullMarked
package fr.mandat.cluster;

import org.jspecify.annotations.NullMarked;
