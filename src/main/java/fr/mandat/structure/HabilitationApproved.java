package fr.mandat.structure;

import java.util.UUID;

/**
 * A habilitation request was approved (and journaled) for a person who has no usable
 * account yet: the account is to be created, or enabled again, and the invitation sent.
 * Published inside the approval's transaction; the event publication registry keeps it
 * until the account is ready.
 *
 * @param requestId the approved request
 */
public record HabilitationApproved(UUID requestId) {
}
