package fr.mandat.usager;

import java.time.Instant;
import java.util.UUID;

/**
 * A usager's personal data was erased (ADR 0106): their data key is gone. Published
 * inside the erasing transaction; each module that keeps personal data about the usager
 * empties it in that same transaction, so the erasure commits whole or not at all.
 *
 * @param pseudonym the usager's pseudonym, which stays (the journal and signed mandates
 * name it)
 */
public record UsagerDataErased(UUID usagerId, String pseudonym, Instant erasedAt) {
}
