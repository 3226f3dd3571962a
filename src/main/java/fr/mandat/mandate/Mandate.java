package fr.mandat.mandate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import fr.mandat.mandate.MandateRefusal.Reason;
import fr.mandat.structure.DemarcheCategory;

import org.jspecify.annotations.Nullable;

/**
 * A stored mandate and its autorisations. It answers for its own rules: its state at an
 * instant, what may be revoked, whether it may be renewed. A refused change is a
 * {@link MandateRefusal}; a change that passes is then written by the caller, in the
 * transaction that holds the mandate's row lock.
 */
record Mandate(UUID id, UUID structureId, UUID aidantId, UUID usagerId, int durationDays, Instant notBefore,
		Instant notAfter, @Nullable UUID renews, String jws, String digest, Instant createdAt,
		@Nullable Instant revokedAt, List<Autorisation> autorisations) {

	/** How long after its end an expired mandate may still be renewed. */
	static final Duration RENEWABLE_AFTER_EXPIRY = Duration.ofDays(365);

	Mandate {
		autorisations = List.copyOf(autorisations);
	}

	/** The mandate as stored once its terms are signed, every autorisation active. */
	static Mandate signed(MandateTerms terms, String jws, String digest) {
		return new Mandate(terms.id(), terms.structure().id(), terms.aidant().aidantId(), terms.usager().id(),
				terms.duration().days(), terms.notBefore(), terms.notAfter(), terms.renews(), jws, digest,
				terms.notBefore(), null,
				terms.categories().stream().map(c -> new Autorisation(UUID.randomUUID(), c, null, null)).toList());
	}

	MandateStatus status(Instant now) {
		return MandateStatus.at(now, this.notBefore, this.notAfter, this.revokedAt);
	}

	/** Valid at {@code now}: started, not ended, not revoked. */
	boolean isActiveAt(Instant now) {
		return status(now).isActive();
	}

	/** The categories still covered (not revoked), whatever the validity window. */
	List<DemarcheCategory> activeCategories() {
		return this.autorisations.stream().filter(a -> a.revokedAt() == null).map(Autorisation::category).toList();
	}

	List<DemarcheCategory> categories() {
		return this.autorisations.stream().map(Autorisation::category).toList();
	}

	/**
	 * The categories a revocation at {@code now} takes away: every active one when
	 * {@code categoryCodes} is empty, else exactly those named.
	 * @throws MandateRefusal when the mandate is not active, or a category named is not
	 * covered
	 */
	List<DemarcheCategory> revocable(Instant now, List<String> categoryCodes) {
		if (!isActiveAt(now)) {
			throw MandateRefusal.of(Reason.NOT_ACTIVE);
		}
		List<DemarcheCategory> active = activeCategories();
		if (categoryCodes.isEmpty()) {
			return active;
		}
		List<DemarcheCategory> revoked = new ArrayList<>();
		for (String code : categoryCodes) {
			revoked.add(DemarcheCategory.fromCode(code)
				.filter(active::contains)
				.orElseThrow(() -> MandateRefusal.of(Reason.AUTORISATION_NOT_ACTIVE)));
		}
		return revoked;
	}

	/** Whether revoking these categories leaves the mandate with none. */
	boolean revokesWhole(List<DemarcheCategory> revoked) {
		return revoked.size() == activeCategories().size();
	}

	/**
	 * The categories of this mandate that a new one covering {@code categories} replaces.
	 */
	List<DemarcheCategory> replacedBy(List<DemarcheCategory> categories) {
		return activeCategories().stream().filter(categories::contains).toList();
	}

	/** Whether the mandate may be renewed at {@code now}, as far as its dates say. */
	boolean renewableAt(Instant now) {
		MandateStatus status = status(now);
		return status.isActive() || (status == MandateStatus.EXPIRED && !endedLongAgo(now));
	}

	private boolean endedLongAgo(Instant now) {
		return this.notAfter.plus(RENEWABLE_AFTER_EXPIRY).isBefore(now);
	}

	/**
	 * The categories a renewal at {@code now} carries on: those still offered.
	 * @param renewalsSoFar how many renewals lead to this mandate
	 * @param maxRenewals how many renewals may follow one identification of the usager
	 * @param offered the categories the structure offers now
	 * @throws MandateRefusal when the mandate is revoked, expired too long ago, renewed
	 * too often, or none of its categories is offered any more
	 */
	List<DemarcheCategory> renewable(Instant now, int renewalsSoFar, int maxRenewals, Set<DemarcheCategory> offered) {
		MandateStatus status = status(now);
		if (status == MandateStatus.REVOKED) {
			throw MandateRefusal.of(Reason.REVOKED_NOT_RENEWABLE);
		}
		if (status == MandateStatus.EXPIRED && endedLongAgo(now)) {
			throw MandateRefusal.of(Reason.EXPIRED_TOO_LONG_AGO);
		}
		if (renewalsSoFar >= maxRenewals) {
			throw MandateRefusal.of(Reason.TOO_MANY_RENEWALS,
					"Ce mandat a déjà été renouvelé " + maxRenewals
							+ " fois sans nouvelle identification de l'usager : créez un nouveau mandat, "
							+ "pour lequel l'usager s'identifiera de nouveau.");
		}
		List<DemarcheCategory> categories = activeCategories().stream().filter(offered::contains).toList();
		if (categories.isEmpty()) {
			throw MandateRefusal.of(Reason.NO_CATEGORY_STILL_OFFERED);
		}
		return categories;
	}

	/** The same mandate with these autorisations. */
	Mandate withAutorisations(List<Autorisation> autorisations) {
		return new Mandate(this.id, this.structureId, this.aidantId, this.usagerId, this.durationDays, this.notBefore,
				this.notAfter, this.renews, this.jws, this.digest, this.createdAt, this.revokedAt, autorisations);
	}

	/** One démarche category inside the mandate. */
	record Autorisation(UUID id, DemarcheCategory category, @Nullable Instant revokedAt,
			@Nullable UUID replacedByMandateId) {
	}

	/**
	 * A revocation and its signed attestation's id.
	 *
	 * @param revokedBy the aidant who revoked, null when the usager did
	 * @param byUsager whether the usager revoked from their own space
	 */
	record Revocation(UUID id, List<DemarcheCategory> categories, Instant revokedAt, @Nullable UUID revokedBy,
			boolean byUsager) {
	}

}
