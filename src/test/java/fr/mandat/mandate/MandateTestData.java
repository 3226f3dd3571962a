package fr.mandat.mandate;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.support.DemoAccount;
import fr.mandat.usager.VerifiedIdentity;

/**
 * Makes mandates through the application's own service, for tests about what happens
 * afterwards. The usager's identity is given directly (the browser tests go through the
 * identity provider).
 */
final class MandateTestData {

	static final URI BASE = URI.create(fr.mandat.local.TestPorts.appUrl());

	private final MandateCreation mandates;

	private final Clock clock;

	private final StaffDirectory staff;

	MandateTestData(MandateCreation mandates, Clock clock, StaffDirectory staff) {
		this.mandates = mandates;
		this.clock = clock;
		this.staff = staff;
	}

	Counter counter(DemoAccount account, String structureName) {
		return counter(account.subject(), structureName);
	}

	Counter counter(String aidantSubject, String structureName) {
		StaffMember member = this.staff.findBySubject(aidantSubject).orElseThrow();
		StructureRef structure = member.structures()
			.stream()
			.filter(s -> s.name().equals(structureName))
			.findFirst()
			.orElseThrow();
		return new Counter(member, structure, Actor.aidant(member.aidantId(), structure.id()));
	}

	Counter camille() {
		return counter(DemoAccount.CAMILLE, "France Services de Villeneuve");
	}

	Counter lucas() {
		return counter(DemoAccount.LUCAS, "Mairie de Saint-Aubin");
	}

	Mandate create(Counter counter, String subject, List<String> categories, int days) {
		return create(counter, subject, "Jeanne", "Dupont", categories, days);
	}

	/** A mandate for a usager of these names. */
	Mandate create(Counter counter, String subject, String givenName, String familyName, List<String> categories,
			int days) {
		MandateDraft draft = identifiedDraft(counter, subject, givenName, familyName, categories, days);
		draft.consentConfirmed(this.clock.instant());
		return this.mandates.create(draft, counter.member(), counter.structure(), Instant.now(), BASE);
	}

	MandateDraft identifiedDraft(Counter counter, String subject, List<String> categories, int days) {
		return identifiedDraft(counter, subject, "Jeanne", "Dupont", categories, days);
	}

	private MandateDraft identifiedDraft(Counter counter, String subject, String givenName, String familyName,
			List<String> categories, int days) {
		MandateDraft draft = this.mandates.startDraft(counter.member(), counter.structure(), categories, days);
		this.mandates.identified(draft,
				new VerifiedIdentity(fr.mandat.local.TestPorts.keycloakUrl() + "/realms/usagers", subject, givenName,
						familyName, LocalDate.of(1956, 3, 14), "75056", "99100", "female", null, "eidas1", "id-token"),
				counter.actor());
		return draft;
	}

	static String newSubject() {
		return UUID.randomUUID().toString();
	}

	record Counter(StaffMember member, StructureRef structure, Actor actor) {
	}

}
