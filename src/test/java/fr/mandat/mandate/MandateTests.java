package fr.mandat.mandate;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import fr.mandat.mandate.Mandate.Autorisation;
import fr.mandat.mandate.MandateRefusal.Reason;
import fr.mandat.structure.DemarcheCategory;

import static fr.mandat.structure.DemarcheCategory.ARGENT;
import static fr.mandat.structure.DemarcheCategory.LOGEMENT;
import static fr.mandat.structure.DemarcheCategory.PAPIERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules a {@link Mandate} guards, without a database. */
class MandateTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private static final Instant END = START.plus(Duration.ofDays(182));

	@Test
	void isActiveThenExpiringThenExpired() {
		Mandate mandate = mandate(null, PAPIERS);
		assertThat(mandate.status(START.minusSeconds(1))).isEqualTo(MandateStatus.NOT_YET_VALID);
		assertThat(mandate.isActiveAt(START)).isTrue();
		assertThat(mandate.status(END.minus(Duration.ofDays(10)))).isEqualTo(MandateStatus.EXPIRING);
		assertThat(mandate.isActiveAt(END.minus(Duration.ofDays(10)))).isTrue();
		assertThat(mandate.isActiveAt(END)).isFalse();
		assertThat(mandate.status(END)).isEqualTo(MandateStatus.EXPIRED);
	}

	@Test
	void revokesEveryActiveCategoryOrOnlyThoseNamed() {
		Mandate mandate = mandate(null, PAPIERS, LOGEMENT, ARGENT);
		Instant now = START.plus(Duration.ofDays(1));
		assertThat(mandate.revocable(now, List.of())).containsExactly(PAPIERS, LOGEMENT, ARGENT);
		List<DemarcheCategory> one = mandate.revocable(now, List.of("logement"));
		assertThat(one).containsExactly(LOGEMENT);
		assertThat(mandate.revokesWhole(one)).isFalse();
		assertThat(mandate.revokesWhole(mandate.revocable(now, List.of()))).isTrue();
	}

	@Test
	void refusesToRevokeAnInactiveMandateOrAnUncoveredCategory() {
		Mandate mandate = mandate(null, PAPIERS);
		assertThatThrownBy(() -> mandate.revocable(END, List.of()))
			.isInstanceOfSatisfying(MandateRefusal.class,
					refusal -> assertThat(refusal.reason()).isEqualTo(Reason.NOT_ACTIVE))
			.hasMessage("Ce mandat n'est plus actif : il ne peut plus être révoqué.");
		Mandate revoked = mandate(START.plusSeconds(60), PAPIERS);
		assertThatThrownBy(() -> revoked.revocable(START.plusSeconds(120), List.of())).isInstanceOfSatisfying(
				MandateRefusal.class, refusal -> assertThat(refusal.reason()).isEqualTo(Reason.NOT_ACTIVE));
		for (String code : List.of("argent", "inconnue")) {
			assertThatThrownBy(() -> mandate.revocable(START.plusSeconds(1), List.of(code))).isInstanceOfSatisfying(
					MandateRefusal.class,
					refusal -> assertThat(refusal.reason()).isEqualTo(Reason.AUTORISATION_NOT_ACTIVE));
		}
		assertThat(RefusalFields.of(Reason.AUTORISATION_NOT_ACTIVE)).contains("categories");
	}

	@Test
	void renewsWithTheCategoriesStillOfferedUntilAYearAfterItsEnd() {
		Mandate mandate = mandate(null, PAPIERS, ARGENT);
		EnumSet<DemarcheCategory> offered = EnumSet.of(PAPIERS, LOGEMENT);
		assertThat(mandate.renewable(START.plusSeconds(1), 0, 2, offered)).containsExactly(PAPIERS);
		Instant lastDay = END.plus(Mandate.RENEWABLE_AFTER_EXPIRY);
		assertThat(mandate.renewableAt(lastDay)).isTrue();
		assertThat(mandate.renewable(lastDay, 1, 2, offered)).containsExactly(PAPIERS);
		assertThat(mandate.renewableAt(lastDay.plusSeconds(1))).isFalse();
		assertThatThrownBy(() -> mandate.renewable(lastDay.plusSeconds(1), 0, 2, offered))
			.isInstanceOfSatisfying(MandateRefusal.class,
					refusal -> assertThat(refusal.reason()).isEqualTo(Reason.EXPIRED_TOO_LONG_AGO))
			.hasMessageContaining("plus d'un an");
	}

	@Test
	void refusesToRenewARevokedMandateOneRenewedTooOftenOrOneWithNothingOffered() {
		Instant now = START.plus(Duration.ofDays(2));
		Mandate revoked = mandate(START.plusSeconds(60), PAPIERS);
		assertThat(revoked.renewableAt(now)).isFalse();
		assertThatThrownBy(() -> revoked.renewable(now, 0, 2, EnumSet.of(PAPIERS))).isInstanceOfSatisfying(
				MandateRefusal.class, refusal -> assertThat(refusal.reason()).isEqualTo(Reason.REVOKED_NOT_RENEWABLE));
		Mandate mandate = mandate(null, PAPIERS);
		assertThatThrownBy(() -> mandate.renewable(now, 2, 2, EnumSet.of(PAPIERS)))
			.isInstanceOfSatisfying(MandateRefusal.class,
					refusal -> assertThat(refusal.reason()).isEqualTo(Reason.TOO_MANY_RENEWALS))
			.hasMessageContaining("déjà été renouvelé 2 fois");
		assertThatThrownBy(() -> mandate.renewable(now, 0, 2, EnumSet.of(LOGEMENT))).isInstanceOfSatisfying(
				MandateRefusal.class,
				refusal -> assertThat(refusal.reason()).isEqualTo(Reason.NO_CATEGORY_STILL_OFFERED));
		assertThat(RefusalFields.of(Reason.NO_CATEGORY_STILL_OFFERED)).isEmpty();
	}

	@Test
	void aNewMandateReplacesOnlyTheCategoriesItCovers() {
		Mandate mandate = mandate(null, PAPIERS, LOGEMENT);
		assertThat(mandate.replacedBy(List.of(LOGEMENT, ARGENT))).containsExactly(LOGEMENT);
		assertThat(mandate.replacedBy(List.of(ARGENT))).isEmpty();
	}

	@Test
	void refusalsMadeTogetherKeepTheirOrder() {
		MandateRefusal together = MandateRefusal
			.together(List.of(MandateRefusal.of(Reason.NO_CATEGORY), MandateRefusal.of(Reason.NO_DURATION)));
		assertThat(together.reason()).isEqualTo(Reason.NO_CATEGORY);
		assertThat(together.all()).extracting(MandateRefusal::reason)
			.containsExactly(Reason.NO_CATEGORY, Reason.NO_DURATION);
		assertThat(together.all()).extracting(MandateRefusal::getMessage)
			.containsExactly("Choisissez au moins une catégorie de démarches.", "Choisissez la durée du mandat.");
	}

	private static Mandate mandate(@Nullable Instant revokedAt, DemarcheCategory... categories) {
		List<Autorisation> autorisations = java.util.Arrays.stream(categories)
			.map(c -> new Autorisation(UUID.randomUUID(), c, revokedAt, null))
			.toList();
		return new Mandate(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 182, START, END,
				null, "jws", "digest", START, revokedAt, autorisations);
	}

}
