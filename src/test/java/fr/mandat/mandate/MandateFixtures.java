package fr.mandat.mandate;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import fr.mandat.structure.StaffDirectory;
import fr.mandat.support.DemoAccount;

import org.springframework.context.ApplicationContext;

/**
 * Mandates made and revoked through the application's own service, for tests of other
 * modules (the démarches).
 */
public final class MandateFixtures {

	private final MandateRevocation mandates;

	private final MandateTestData data;

	public MandateFixtures(ApplicationContext context) {
		this.mandates = context.getBean(MandateRevocation.class);
		this.data = new MandateTestData(context.getBean(MandateCreation.class), context.getBean(Clock.class),
				context.getBean(StaffDirectory.class));
	}

	/** A new usager's mandate with a structure the demo account belongs to. */
	public UUID create(DemoAccount aidant, String structureName, List<String> categories, int days) {
		return this.data
			.create(this.data.counter(aidant, structureName), MandateTestData.newSubject(), categories, days)
			.id();
	}

	/**
	 * A new usager's mandate with a structure the aidant signed in as
	 * {@code aidantSubject} belongs to.
	 */
	public UUID create(String aidantSubject, String structureName, List<String> categories, int days) {
		return this.data
			.create(this.data.counter(aidantSubject, structureName), MandateTestData.newSubject(), categories, days)
			.id();
	}

	/**
	 * A mandate for the usager of realm {@code usagers} with this subject (as if they had
	 * identified at the counter), with a structure the demo account belongs to.
	 */
	public UUID createFor(String usagerSubject, String givenName, String familyName, DemoAccount aidant,
			String structureName, List<String> categories, int days) {
		return this.data
			.create(this.data.counter(aidant, structureName), usagerSubject, givenName, familyName, categories, days)
			.id();
	}

	/**
	 * Revokes some of the mandate's categories, as the demo account; returns the
	 * revocation.
	 */
	public UUID revoke(UUID mandateId, DemoAccount aidant, String structureName, List<String> categories) {
		MandateTestData.Counter counter = this.data.counter(aidant, structureName);
		return this.mandates.revoke(mandateId, categories, counter.member(), counter.structure(), MandateTestData.BASE);
	}

	/** Revokes all the mandate's categories, as the demo account. */
	public void revoke(UUID mandateId, DemoAccount aidant, String structureName) {
		MandateTestData.Counter counter = this.data.counter(aidant, structureName);
		this.mandates.revoke(mandateId, List.of(), counter.member(), counter.structure(), MandateTestData.BASE);
	}

}
