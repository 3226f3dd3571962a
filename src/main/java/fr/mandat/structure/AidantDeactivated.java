package fr.mandat.structure;

import java.util.UUID;

/**
 * An aidant was deactivated (and journaled): the application refuses them from now on,
 * and their account at the identity provider is to be disabled with its sessions ended.
 * Published inside the deactivation's transaction; the event publication registry keeps
 * it until the identity provider has done it.
 *
 * @param aidantId who was deactivated
 * @param subject their account at the identity provider
 */
public record AidantDeactivated(UUID aidantId, String subject) {
}
