package fr.mandat.mandate;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A mandate's state at a given instant, always computed from the clock: nothing depends
 * on a scheduled job having run.
 */
enum MandateStatus {

	ACTIVE("Actif"), EXPIRING("Expire bientôt"), EXPIRED("Expiré"), REVOKED("Révoqué"),
	NOT_YET_VALID("Pas encore valable");

	/** An active mandate ending within this time is shown as expiring soon. */
	static final Duration EXPIRING_WITHIN = Duration.ofDays(30);

	private final String label;

	MandateStatus(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

	public boolean isActive() {
		return this == ACTIVE || this == EXPIRING;
	}

	/** The DSFR badge class that shows this state on a page. */
	String badge() {
		return switch (this) {
			case ACTIVE -> "fr-badge--success";
			case EXPIRING -> "fr-badge--warning";
			case EXPIRED, NOT_YET_VALID -> "fr-badge--info";
			case REVOKED -> "fr-badge--error";
		};
	}

	static MandateStatus at(Instant now, Instant notBefore, Instant notAfter, @Nullable Instant revokedAt) {
		if (revokedAt != null && !revokedAt.isAfter(now)) {
			return REVOKED;
		}
		if (!now.isBefore(notAfter)) {
			return EXPIRED;
		}
		if (now.isBefore(notBefore)) {
			return NOT_YET_VALID;
		}
		return now.plus(EXPIRING_WITHIN).isBefore(notAfter) ? ACTIVE : EXPIRING;
	}

}
