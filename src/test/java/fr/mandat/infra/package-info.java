/**
 * The deployment under {@code infra/}: its manifests read with Kubernetes' own model, the
 * realm imports generated from {@code keycloak/}, the observability rules against the
 * metrics the application exports.
 */
@NullMarked
package fr.mandat.infra;

import org.jspecify.annotations.NullMarked;
