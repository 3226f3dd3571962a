package fr.mandat.structure;

import java.time.Instant;
import java.util.UUID;

/**
 * An aidant was found inactive for five months (ADR 0107); the e-mail that tells them
 * goes out once this commits, through the event publication registry.
 *
 * @param inactiveSince when the inactivity period began
 * @param deactivationDue when they will be deactivated without a sign-in
 */
public record AidantInactivityWarned(UUID aidantId, Instant inactiveSince, Instant deactivationDue) {
}
