package fr.mandat.mandate;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.signing.ServiceSignatures;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.TestClock;
import fr.mandat.usager.VerifiedIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mandate rules through the application's own service, against the real database,
 * keystore and time-stamp authority. The usager's identification is given directly here
 * (the browser tests go through the identity provider).
 */
@MandatIntegrationTest
class MandateLifecycleTests {

	private static final URI BASE = MandateTestData.BASE;

	@Autowired
	private MandateCreation mandates;

	@Autowired
	private MandateRevocation revocation;

	@Autowired
	private MandateRenewal renewal;

	@Autowired
	private StructureMandates structureMandates;

	@Autowired
	private Clock clock;

	@Autowired
	private MandateVerification verification;

	@Autowired
	private StaffDirectory staff;

	@Autowired
	private ServiceSignatures signatures;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JsonMapper json;

	private MandateTestData data;

	@org.junit.jupiter.api.BeforeEach
	void data() {
		this.data = new MandateTestData(this.mandates, this.clock, this.staff);
	}

	@AfterEach
	void resetClock() {
		TestClock.reset();
	}

	@Test
	void signedMandateCarriesItsCanonicalDocumentAndVerifies() {
		MandateTestData.Counter camille = this.data.camille();
		String subject = UUID.randomUUID().toString();
		Mandate mandate = this.data.create(camille, subject, List.of("social", "argent"), 31);

		assertThat(mandate.notAfter()).isEqualTo(mandate.notBefore().plus(Duration.ofDays(31)));
		byte[] payload = this.signatures.verifyJws(mandate.jws()).orElseThrow();
		assertThat(Digests.sha256Hex(payload)).isEqualTo(mandate.digest());
		JsonNode document = this.json.readTree(payload);
		assertThat(document.path("id").asString()).isEqualTo(mandate.id().toString());
		assertThat(document.path("categories").toString()).isEqualTo("[\"social\",\"argent\"]");
		assertThat(document.path("consent").path("evidenceDigest").asString()).hasSize(64);
		assertThat(document.path("templateDigest").asString()).isEqualTo(ConsentWording.digest());
		assertThat(document.path("usager").has("givenName")).as("no names in the signed document").isFalse();
		// The stored document is exactly the signed payload, canonical.
		assertThat(
				jdbc.sql("SELECT document FROM mandate WHERE id = ?").param(mandate.id()).query(String.class).single())
			.isEqualTo(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
		assertThat(journalCount(mandate.id(), "MANDATE_CREATED")).isOne();
		// The usager's data is stored encrypted; the application reads it back.
		byte[] stored = this.jdbc.sql("SELECT personal_data FROM usager WHERE id = ?")
			.param(mandate.usagerId())
			.query((rs, n) -> rs.getBytes(1))
			.single();
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Jeanne")
			.doesNotContain("Dupont")
			.doesNotContain("1956");
		assertThat(this.structureMandates.usager(mandate.usagerId()).orElseThrow().displayName())
			.isEqualTo("Jeanne Dupont");
		assertThat(this.verification.verify(mandate.id(), mandate.digest()).orElseThrow().status())
			.isEqualTo(MandateStatus.ACTIVE);

		// A tampered signature or payload does not verify.
		String[] parts = mandate.jws().split("\\.");
		String otherPayload = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(new String(payload, java.nio.charset.StandardCharsets.UTF_8).replace("argent", "justice")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(this.signatures.verifyJws(parts[0] + "." + otherPayload + "." + parts[2])).isEmpty();
		assertThat(this.verification.verify(mandate.id(), "0".repeat(64))).isEmpty();
	}

	@Test
	void expiryComesFromTheClockAtEveryUse() {
		MandateTestData.Counter camille = this.data.camille();
		Mandate mandate = this.data.create(camille, UUID.randomUUID().toString(), List.of("logement"), 1);

		TestClock.shift(Duration.ofHours(23));
		assertThat(this.verification.verify(mandate.id(), mandate.digest()).orElseThrow().status())
			.isEqualTo(MandateStatus.EXPIRING);
		TestClock.shift(Duration.ofDays(1).plusSeconds(1));
		assertThat(this.verification.verify(mandate.id(), mandate.digest()).orElseThrow().status())
			.isEqualTo(MandateStatus.EXPIRED);
		assertThatThrownBy(
				() -> this.revocation.revoke(mandate.id(), List.of(), camille.member(), camille.structure(), BASE))
			.isInstanceOf(MandateRefusal.class)
			.hasMessageContaining("n'est plus actif");
	}

	@Test
	void aNewMandateReplacesTheActiveAutorisationsOfTheSameCategories() {
		MandateTestData.Counter camille = this.data.camille();
		String subject = UUID.randomUUID().toString();
		Mandate first = this.data.create(camille, subject, List.of("social", "travail"), 182);
		Mandate second = this.data.create(camille, subject, List.of("social"), 31);

		Mandate firstNow = this.structureMandates.visible(first.id(), camille.structure());
		assertThat(firstNow.activeCategories()).containsExactly(DemarcheCategory.TRAVAIL);
		assertThat(firstNow.autorisations()).filteredOn(a -> a.category() == DemarcheCategory.SOCIAL)
			.singleElement()
			.satisfies(a -> assertThat(a.replacedByMandateId()).isEqualTo(second.id()));
		assertThat(firstNow.status(this.clock.instant())).isEqualTo(MandateStatus.ACTIVE);
		assertThat(journalCount(first.id(), "AUTORISATION_REVOKED")).isOne();

		// Replacing the last one revokes the whole mandate.
		this.data.create(camille, subject, List.of("travail"), 31);
		assertThat(this.structureMandates.visible(first.id(), camille.structure()).status(this.clock.instant()))
			.isEqualTo(MandateStatus.REVOKED);
	}

	@Test
	void revokingOneAutorisationThenTheRestSignsAnAttestationEachTime() {
		MandateTestData.Counter camille = this.data.camille();
		Mandate mandate = this.data.create(camille, UUID.randomUUID().toString(), List.of("famille", "justice"), 365);

		this.revocation.revoke(mandate.id(), List.of("justice"), camille.member(), camille.structure(), BASE);
		MandateVerification.Result partly = this.verification.verify(mandate.id(), mandate.digest()).orElseThrow();
		assertThat(partly.status()).isEqualTo(MandateStatus.ACTIVE);
		assertThat(partly.categories()).filteredOn(MandateVerification.Category::active)
			.extracting(MandateVerification.Category::category)
			.containsExactly(DemarcheCategory.FAMILLE);

		assertThatThrownBy(() -> this.revocation.revoke(mandate.id(), List.of("justice"), camille.member(),
				camille.structure(), BASE))
			.isInstanceOf(MandateRefusal.class);

		this.revocation.revoke(mandate.id(), List.of(), camille.member(), camille.structure(), BASE);
		assertThat(this.verification.verify(mandate.id(), mandate.digest()).orElseThrow().status())
			.isEqualTo(MandateStatus.REVOKED);
		assertThat(this.jdbc.sql("SELECT count(*) FROM mandate_revocation WHERE mandate_id = ?")
			.param(mandate.id())
			.query(Long.class)
			.single()).isEqualTo(2);
		assertThat(journalCount(mandate.id(), "AUTORISATION_REVOKED")).isOne();
		assertThat(journalCount(mandate.id(), "MANDATE_REVOKED")).isOne();
	}

	@Test
	void anotherStructureCannotSeeRevokeOrRenewAndNothingIsWritten() {
		MandateTestData.Counter camille = this.data.camille();
		MandateTestData.Counter lucas = this.data.lucas();
		Mandate mandate = this.data.create(camille, UUID.randomUUID().toString(), List.of("papiers"), 31);

		assertThatThrownBy(() -> this.structureMandates.visible(mandate.id(), lucas.structure()))
			.isInstanceOf(ForeignMandateException.class);
		assertThatThrownBy(
				() -> this.revocation.revoke(mandate.id(), List.of(), lucas.member(), lucas.structure(), BASE))
			.isInstanceOf(ForeignMandateException.class);
		assertThatThrownBy(() -> this.renewal.renewalDraft(lucas.member(), lucas.structure(), mandate.id(), 31))
			.isInstanceOf(ForeignMandateException.class);
		assertThat(this.structureMandates.visible(mandate.id(), camille.structure()).revokedAt()).isNull();
		assertThat(this.jdbc.sql("SELECT count(*) FROM mandate_revocation WHERE mandate_id = ?")
			.param(mandate.id())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void renewalsWithoutANewIdentificationStopAfterTwoInARow() {
		MandateTestData.Counter camille = this.data.camille();
		Mandate first = this.data.create(camille, UUID.randomUUID().toString(), List.of("logement"), 31);
		Mandate second = renew(camille, first);
		Mandate third = renew(camille, second);
		assertThat(third.renews()).isEqualTo(second.id());

		assertThatThrownBy(() -> this.renewal.renewalDraft(camille.member(), camille.structure(), third.id(), 31))
			.isInstanceOf(MandateRefusal.class)
			.hasMessageContaining("déjà été renouvelé 2 fois sans nouvelle identification");
		// A new mandate with an identification starts a new chain.
		Mandate fresh = this.data.create(camille, UUID.randomUUID().toString(), List.of("logement"), 31);
		assertThat(renew(camille, fresh).renews()).isEqualTo(fresh.id());
	}

	private Mandate renew(MandateTestData.Counter counter, Mandate mandate) {
		MandateDraft draft = this.renewal.renewalDraft(counter.member(), counter.structure(), mandate.id(), 31);
		draft.consentConfirmed(this.clock.instant());
		return this.mandates.create(draft, counter.member(), counter.structure(), Instant.now(), BASE);
	}

	@Test
	void draftRulesAreEnforced() {
		MandateTestData.Counter camille = this.data.camille();
		MandateTestData.Counter lucas = this.data.lucas();

		assertThatThrownBy(() -> this.mandates.startDraft(camille.member(), camille.structure(), List.of(), 31))
			.isInstanceOfSatisfying(MandateRefusal.class,
					refusal -> assertThat(RefusalFields.of(refusal.reason())).contains("categories"));
		assertThatThrownBy(
				() -> this.mandates.startDraft(camille.member(), camille.structure(), List.of("inconnue"), 31))
			.isInstanceOf(MandateRefusal.class);
		// Saint-Aubin does not offer "justice".
		assertThatThrownBy(() -> this.mandates.startDraft(lucas.member(), lucas.structure(), List.of("justice"), 31))
			.isInstanceOf(MandateRefusal.class)
			.hasMessageContaining("n'est pas proposée par votre structure");
		for (Integer days : new Integer[] { null, 0, 2, 30, 366, 730 }) {
			assertThatThrownBy(
					() -> this.mandates.startDraft(camille.member(), camille.structure(), List.of("social"), days))
				.as("%s days", days)
				.isInstanceOfSatisfying(MandateRefusal.class,
						refusal -> assertThat(RefusalFields.of(refusal.reason())).contains("duree"));
		}

		long mandatesBefore = countMandates();
		// Not identified.
		MandateDraft unidentified = this.mandates.startDraft(camille.member(), camille.structure(), List.of("social"),
				31);
		unidentified.consentConfirmed(this.clock.instant());
		assertThatThrownBy(
				() -> this.mandates.create(unidentified, camille.member(), camille.structure(), Instant.now(), BASE))
			.isInstanceOf(MandateRefusal.class)
			.hasMessageContaining("identifié");
		// No consent.
		MandateDraft noConsent = this.data.identifiedDraft(camille, UUID.randomUUID().toString(), List.of("social"),
				31);
		assertThatThrownBy(
				() -> this.mandates.create(noConsent, camille.member(), camille.structure(), Instant.now(), BASE))
			.isInstanceOfSatisfying(MandateRefusal.class,
					refusal -> assertThat(RefusalFields.of(refusal.reason())).contains("consentement"));
		// Expired draft.
		MandateDraft expired = this.data.identifiedDraft(camille, UUID.randomUUID().toString(), List.of("social"), 31);
		expired.consentConfirmed(this.clock.instant());
		TestClock.shift(Duration.ofMinutes(21));
		assertThatThrownBy(
				() -> this.mandates.create(expired, camille.member(), camille.structure(), Instant.now(), BASE))
			.isInstanceOf(MandateRefusal.class)
			.hasMessageContaining("expiré");
		TestClock.reset();
		// Someone else's draft.
		MandateDraft camilles = this.data.identifiedDraft(camille, UUID.randomUUID().toString(), List.of("social"), 31);
		camilles.consentConfirmed(this.clock.instant());
		assertThatThrownBy(() -> this.mandates.create(camilles, lucas.member(), lucas.structure(), Instant.now(), BASE))
			.isInstanceOf(MandateRefusal.class);
		assertThat(countMandates()).isEqualTo(mandatesBefore);
	}

	@Test
	void renewalKeepsTheUsagerAndCategoriesAndReferencesTheOldMandate() {
		MandateTestData.Counter camille = this.data.camille();
		Mandate old = this.data.create(camille, UUID.randomUUID().toString(), List.of("transports", "loisirs"), 1);
		TestClock.shift(Duration.ofDays(40));
		MandateDraft draft = this.renewal.renewalDraft(camille.member(), camille.structure(), old.id(), 182);
		draft.consentConfirmed(this.clock.instant());
		Mandate renewed = this.mandates.create(draft, camille.member(), camille.structure(), Instant.now(), BASE);

		assertThat(renewed.renews()).isEqualTo(old.id());
		assertThat(renewed.usagerId()).isEqualTo(old.usagerId());
		assertThat(renewed.categories()).containsExactly(DemarcheCategory.TRANSPORTS, DemarcheCategory.LOISIRS);
		assertThat(journalCount(renewed.id(), "MANDATE_RENEWED")).isOne();
		assertThat(this.json.readTree(this.signatures.verifyJws(renewed.jws()).orElseThrow()).path("renews").asString())
			.isEqualTo(old.id().toString());

		// Revoked, or long expired: no renewal.
		this.revocation.revoke(renewed.id(), List.of(), camille.member(), camille.structure(), BASE);
		assertThatThrownBy(() -> this.renewal.renewalDraft(camille.member(), camille.structure(), renewed.id(), 31))
			.isInstanceOf(MandateRefusal.class)
			.hasMessageContaining("révoqué");
		TestClock.shift(Duration.ofDays(400));
		assertThatThrownBy(() -> this.renewal.renewalDraft(camille.member(), camille.structure(), old.id(), 31))
			.isInstanceOf(MandateRefusal.class)
			.hasMessageContaining("plus d'un an");
	}

	private long journalCount(UUID mandateId, String action) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE mandate_id = ? AND action = ?")
			.params(mandateId, action)
			.query(Long.class)
			.single();
	}

	private long countMandates() {
		return this.jdbc.sql("SELECT count(*) FROM mandate").query(Long.class).single();
	}

}
