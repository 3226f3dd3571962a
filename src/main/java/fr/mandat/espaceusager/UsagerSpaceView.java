package fr.mandat.espaceusager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import fr.mandat.demarche.UsagerDemarches;
import fr.mandat.demarche.UsagerDemarches.DoneForUsager;
import fr.mandat.journal.ActionLabels;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.UsagerJournal;
import fr.mandat.journal.UsagerJournal.Entry;
import fr.mandat.mandate.UsagerMandates;
import fr.mandat.mandate.UsagerMandates.Category;
import fr.mandat.mandate.UsagerMandates.RevocationMade;
import fr.mandat.mandate.UsagerMandates.UsagerMandate;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What the usager's space shows, read from the mandate, démarche and journal modules by
 * the usager's pseudonym, each act with the journal entry that is its receipt.
 */
@Component
class UsagerSpaceView {

	/** Entries shown and exported at most (a usager has a few dozen in a lifetime). */
	static final int JOURNAL_LIMIT = 5_000;

	/** How long before a mandate ends the usager is reminded of it. */
	static final Duration EXPIRY_NOTICE = Duration.ofDays(30);

	private static final Set<JournalAction> DEMARCHE_ENDINGS = Set.of(JournalAction.DEMARCHE_COMPLETED,
			JournalAction.DEMARCHE_FAILED, JournalAction.DEMARCHE_OUTCOME_UNKNOWN);

	private final UsagerMandates mandates;

	private final UsagerDemarches demarches;

	private final UsagerJournal journal;

	private final Clock clock;

	UsagerSpaceView(UsagerMandates mandates, UsagerDemarches demarches, UsagerJournal journal, Clock clock) {
		this.clock = clock;
		this.mandates = mandates;
		this.demarches = demarches;
		this.journal = journal;
	}

	Space of(SignedInUsager usager) {
		List<Entry> entries = this.journal.entries(usager.pseudonym(), JOURNAL_LIMIT);
		Receipts receipts = new Receipts(entries);
		List<UsagerMandate> mandates = this.mandates.of(usager.pseudonym());
		List<MandateCard> cards = mandates.stream().map(m -> card(m, receipts)).toList();
		List<DemarcheRow> demarches = this.demarches.of(usager.pseudonym())
			.stream()
			.map(d -> new DemarcheRow(d, Dates.dateTime(d.requestedAt()), receipts.ofExecution(d.executionId())))
			.toList();
		List<EntryRow> newestFirst = new ArrayList<>(entries.size());
		for (int i = entries.size() - 1; i >= 0; i--) {
			Entry e = entries.get(i);
			newestFirst.add(new EntryRow(e.id(), Dates.dateTime(e.recordedAt()), ActionLabels.of(e.action().name()),
					actor(e), (e.index() != null) ? "n° " + e.index() : "en cours d'inscription"));
		}
		return new Space(usager.displayName(), cards, demarches, newestFirst);
	}

	Optional<UsagerMandate> mandate(UUID mandateId, SignedInUsager usager) {
		return this.mandates.find(mandateId, usager.pseudonym());
	}

	/** A revocation of one of the usager's mandates, with that mandate. */
	Optional<RevocationPage> revocation(UUID revocationId, SignedInUsager usager) {
		Receipts receipts = new Receipts(this.journal.entries(usager.pseudonym(), JOURNAL_LIMIT));
		for (UsagerMandate mandate : this.mandates.of(usager.pseudonym())) {
			for (RevocationMade revocation : mandate.revocations()) {
				if (revocation.id().equals(revocationId)) {
					return Optional.of(new RevocationPage(card(mandate, receipts), new RevocationRow(revocation,
							Dates.dateTime(revocation.revokedAt()), receipts.ofRevocation(revocation.id()))));
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * What the usager is told, newest first, derived from their data each time (nothing
	 * is stored): each mandate signed or renewed in their name, each démarche done, each
	 * revocation, and a reminder from 30 days before a mandate ends.
	 */
	List<Notice> notices(SignedInUsager usager) {
		return notices(usager.pseudonym(), new Receipts(this.journal.entries(usager.pseudonym(), JOURNAL_LIMIT)));
	}

	/** The same notices without their receipts (an e-mail links to the page instead). */
	List<Notice> noticesWithoutReceipts(String pseudonym) {
		return notices(pseudonym, new Receipts(List.of()));
	}

	private List<Notice> notices(String pseudonym, Receipts receipts) {
		Instant now = this.clock.instant();
		List<Notice> notices = new ArrayList<>();
		for (UsagerMandate m : this.mandates.of(pseudonym)) {
			String categories = String.join(", ", m.categories().stream().map(Category::label).toList());
			notices.add(new Notice(m.createdAt(), Dates.dateTime(m.createdAt()),
					(m.renews() != null) ? "Mandat renouvelé en votre nom" : "Mandat signé en votre nom",
					m.aidantName() + " (" + m.structureName() + ") a signé avec vous un mandat valable jusqu’au "
							+ Dates.dateTime(m.notAfter()) + ", pour : " + categories + ".",
					receipts.ofMandate(m.id())));
			for (RevocationMade r : m.revocations()) {
				notices.add(new Notice(r.revokedAt(), Dates.dateTime(r.revokedAt()), "Révocation",
						(r.byUsager() ? "Vous avez révoqué" : "Un aidant de " + m.structureName() + " a révoqué")
								+ " dans votre mandat avec " + m.structureName() + " : "
								+ String.join(", ", r.categories().stream().map(Category::label).toList()) + ".",
						receipts.ofRevocation(r.id())));
			}
			Instant reminder = m.notAfter().minus(EXPIRY_NOTICE);
			if (m.revokedAt() == null && !reminder.isAfter(now) && now.isBefore(m.notAfter())) {
				notices.add(new Notice(reminder, Dates.dateTime(reminder), "Votre mandat prend bientôt fin",
						"Votre mandat avec " + m.structureName() + " prend fin le " + Dates.dateTime(m.notAfter())
								+ ". Pour qu’un aidant continue de vous aider, demandez à la structure de le "
								+ "renouveler ; sinon, vous n’avez rien à faire.",
						null));
			}
		}
		for (DoneForUsager d : this.demarches.of(pseudonym)) {
			notices.add(new Notice(d.requestedAt(), Dates.dateTime(d.requestedAt()), "Démarche faite en votre nom",
					d.aidantName() + " a fait la démarche « " + d.title() + " » auprès de " + d.partner() + " : "
							+ d.outcome()
							+ ((d.partnerReference() != null) ? " (référence " + d.partnerReference() + ")." : "."),
					receipts.ofExecution(d.executionId())));
		}
		notices.sort(Comparator.comparing(Notice::at).reversed());
		return notices;
	}

	private MandateCard card(UsagerMandate mandate, Receipts receipts) {
		List<RevocationRow> revocations = mandate.revocations()
			.stream()
			.map(r -> new RevocationRow(r, Dates.dateTime(r.revokedAt()), receipts.ofRevocation(r.id())))
			.toList();
		return new MandateCard(mandate, badge(mandate.status()), Dates.dateTime(mandate.notBefore()),
				Dates.dateTime(mandate.notAfter()), Dates.dateTimeOrNull(mandate.revokedAt()),
				mandate.categories()
					.stream()
					.map(c -> new CategoryRow(c, Dates.dateTimeOrNull(c.revokedAt()), mandate.revocable().contains(c)))
					.toList(),
				revocations, receipts.ofMandate(mandate.id()));
	}

	private static String actor(Entry entry) {
		return switch (entry.actorType()) {
			case "USAGER" -> "Vous";
			case "AIDANT" -> "Un aidant";
			case "SYSTEM" -> "Mandat";
			default -> "—";
		};
	}

	private static String badge(String status) {
		return switch (status) {
			case "ACTIVE" -> "fr-badge--success";
			case "EXPIRING" -> "fr-badge--warning";
			case "REVOKED" -> "fr-badge--error";
			default -> "fr-badge--info";
		};
	}

	/** The journal entry that is each act's receipt. */
	private static final class Receipts {

		private final Map<UUID, UUID> mandates = new HashMap<>();

		private final Map<String, UUID> revocations = new HashMap<>();

		private final Map<String, UUID> executions = new HashMap<>();

		Receipts(List<Entry> entries) {
			for (Entry e : entries) {
				JournalAction action = e.action();
				UUID mandateId = e.mandateId();
				if ((action == JournalAction.MANDATE_CREATED || action == JournalAction.MANDATE_RENEWED)
						&& mandateId != null) {
					this.mandates.putIfAbsent(mandateId, e.id());
				}
				String revocation = e.text("revocation");
				if (revocation != null) {
					this.revocations.putIfAbsent(revocation, e.id());
				}
				String execution = e.text("execution");
				if (execution != null && (DEMARCHE_ENDINGS.contains(action)
						|| (action == JournalAction.DEMARCHE_REQUESTED && !this.executions.containsKey(execution)))) {
					// The latest ending (after reconciliations), else the request.
					this.executions.put(execution, e.id());
				}
			}
		}

		@Nullable UUID ofMandate(UUID mandateId) {
			return this.mandates.get(mandateId);
		}

		@Nullable UUID ofRevocation(UUID revocationId) {
			return this.revocations.get(revocationId.toString());
		}

		@Nullable UUID ofExecution(UUID executionId) {
			return this.executions.get(executionId.toString());
		}

	}

	record Space(String usagerName, List<MandateCard> mandates, List<DemarcheRow> demarches, List<EntryRow> journal) {

		public boolean empty() {
			return this.mandates.isEmpty() && this.demarches.isEmpty() && this.journal.isEmpty();
		}

	}

	record MandateCard(UsagerMandate mandate, String badge, String notBefore, String notAfter,
			@Nullable String revokedAt, List<CategoryRow> categories, List<RevocationRow> revocations,
			@Nullable UUID receipt) {

		public boolean revocable() {
			return !this.mandate.revocable().isEmpty();
		}

	}

	record CategoryRow(Category category, @Nullable String revokedAt, boolean revocable) {
	}

	record RevocationRow(RevocationMade revocation, String at, @Nullable UUID receipt) {

		public String labels() {
			return String.join(", ", this.revocation.categories().stream().map(Category::label).toList());
		}

	}

	record DemarcheRow(DoneForUsager demarche, String at, @Nullable UUID receipt) {
	}

	record EntryRow(UUID id, String at, String action, String actor, String index) {
	}

	record RevocationPage(MandateCard mandate, RevocationRow revocation) {
	}

	/**
	 * @param receipt the journal entry that proves it, if any
	 */
	record Notice(Instant at, String date, String title, String text, @Nullable UUID receipt) {
	}

}
