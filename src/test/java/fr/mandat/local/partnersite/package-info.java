/**
 * « Portail CAF (simulé) »: a demo partner site, a separate Spring Boot application
 * written as any partner would write it with Spring Security's OAuth2 client, that signs
 * aidants in with Mandat (issue 15). Test scope only; the local stack starts it on port
 * 8095, the browser test on the run's port.
 */
@NullMarked
package fr.mandat.local.partnersite;

import org.jspecify.annotations.NullMarked;
