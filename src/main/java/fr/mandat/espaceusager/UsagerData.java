package fr.mandat.espaceusager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.demarche.UsagerDemarches;
import fr.mandat.demarche.UsagerDemarches.DoneForUsager;
import fr.mandat.journal.ActionLabels;
import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.UsagerJournal;
import fr.mandat.journal.UsagerJournal.Entry;
import fr.mandat.mandate.UsagerMandates;
import fr.mandat.mandate.UsagerMandates.Category;
import fr.mandat.mandate.UsagerMandates.RevocationMade;
import fr.mandat.mandate.UsagerMandates.UsagerMandate;
import fr.mandat.usager.UsagerPseudonyms;
import fr.mandat.usager.Usagers.UsagerIdentity;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Everything Mandat holds about a usager (GDPR articles 15 and 20), gathered from each
 * module by the usager's pseudonym, as one document with French keys. Each export is
 * journaled ({@code USAGER_DATA_EXPORTED}, the usager as actor) before it is gathered, so
 * the export lists its own entry.
 */
@Component
class UsagerData {

	private final UsagerPseudonyms pseudonyms;

	private final UsagerMandates mandates;

	private final UsagerDemarches demarches;

	private final UsagerJournal journal;

	private final Journal journalWriter;

	private final TransactionTemplate transactions;

	private final UsagerSessions sessions;

	private final NoticeSubscriptions subscriptions;

	UsagerData(UsagerPseudonyms pseudonyms, UsagerMandates mandates, UsagerDemarches demarches, UsagerJournal journal,
			Journal journalWriter, TransactionTemplate transactions, UsagerSessions sessions,
			NoticeSubscriptions subscriptions) {
		this.subscriptions = subscriptions;
		this.pseudonyms = pseudonyms;
		this.mandates = mandates;
		this.demarches = demarches;
		this.journal = journal;
		this.journalWriter = journalWriter;
		this.transactions = transactions;
		this.sessions = sessions;
	}

	/** The usager's data, once the export is journaled. */
	Map<String, Object> export(SignedInUsager usager, String format) {
		String pseudonym = usager.pseudonym();
		this.transactions
			.executeWithoutResult(status -> this.journalWriter.record(new JournalRecord(Actor.usager(pseudonym),
					JournalAction.USAGER_DATA_EXPORTED, null, pseudonym, null, Map.of("format", format))));
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("service", "Mandat");
		data.put("genereLe", this.sessions.now().toString());
		data.put("pseudonyme", pseudonym);
		data.put("identite", this.pseudonyms.identity(pseudonym).map(UsagerData::identity).orElse(null));
		// The address the usager gave for their notices by e-mail, if any.
		data.put("avisParCourriel", this.subscriptions.email(pseudonym).orElse(null));
		data.put("mandats", this.mandates.of(pseudonym).stream().map(UsagerData::mandate).toList());
		Map<UUID, Map<String, Object>> inputs = this.demarches.inputs(pseudonym);
		data.put("demarches",
				this.demarches.of(pseudonym)
					.stream()
					.map(d -> demarche(d, inputs.getOrDefault(d.executionId(), Map.of())))
					.toList());
		data.put("journal",
				this.journal.entries(pseudonym, UsagerSpaceView.JOURNAL_LIMIT)
					.stream()
					.map(UsagerData::entry)
					.toList());
		return data;
	}

	private static Map<String, @Nullable Object> identity(UsagerIdentity identity) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("prenoms", identity.givenName());
		data.put("nom", identity.familyName());
		data.put("dateDeNaissance", identity.birthdate().toString());
		data.put("lieuDeNaissance", identity.birthplace());
		data.put("paysDeNaissance", identity.birthcountry());
		data.put("sexe", identity.gender());
		data.put("courriel", identity.email());
		return data;
	}

	private static Map<String, @Nullable Object> mandate(UsagerMandate mandate) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("id", mandate.id().toString());
		data.put("structure", mandate.structureName());
		data.put("aidant", mandate.aidantName());
		data.put("etat", mandate.statusLabel());
		data.put("signeLe", mandate.createdAt().toString());
		data.put("valableDu", mandate.notBefore().toString());
		data.put("valableJusquAu", mandate.notAfter().toString());
		data.put("revoqueLe", text(mandate.revokedAt()));
		data.put("renouvelle", (mandate.renews() != null) ? mandate.renews().toString() : null);
		data.put("empreinte", mandate.digest());
		data.put("autorisations", mandate.categories().stream().map(UsagerData::category).toList());
		data.put("revocations", mandate.revocations().stream().map(UsagerData::revocation).toList());
		return data;
	}

	private static Map<String, @Nullable Object> category(Category category) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("categorie", category.code());
		data.put("libelle", category.label());
		data.put("revoqueeLe", text(category.revokedAt()));
		data.put("repriseParLeMandat", (category.replacedBy() != null) ? category.replacedBy().toString() : null);
		return data;
	}

	private static Map<String, Object> revocation(RevocationMade revocation) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", revocation.id().toString());
		data.put("categories", revocation.categories().stream().map(Category::code).toList());
		data.put("le", revocation.revokedAt().toString());
		data.put("parVousDepuisVotreEspace", revocation.byUsager());
		return data;
	}

	private static Map<String, @Nullable Object> demarche(DoneForUsager demarche, Map<String, Object> input) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("id", demarche.executionId().toString());
		data.put("mandat", demarche.mandateId().toString());
		data.put("demarche", demarche.title());
		data.put("partenaire", demarche.partner());
		data.put("aidant", demarche.aidantName());
		data.put("demandeeLe", demarche.requestedAt().toString());
		data.put("termineeLe", text(demarche.completedAt()));
		data.put("resultat", demarche.outcome());
		data.put("referencePartenaire", demarche.partnerReference());
		data.put("saisie", input);
		return data;
	}

	private static Map<String, @Nullable Object> entry(Entry entry) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("id", entry.id().toString());
		data.put("numero", entry.index());
		data.put("inscriteLe", entry.recordedAt().toString());
		data.put("action", entry.action().name());
		data.put("libelle", ActionLabels.of(entry.action().name()));
		data.put("acteur", entry.actorType());
		data.put("mandat", (entry.mandateId() != null) ? entry.mandateId().toString() : null);
		data.put("demarche", entry.demarche());
		data.put("details", entry.payload());
		return data;
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/** The export as lines of a readable document (for the PDF). */
	static List<String> lines(Map<String, Object> data) {
		List<String> lines = new ArrayList<>();
		write(lines, data, "");
		return lines;
	}

	private static void write(List<String> lines, @Nullable Object value, String indent) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> {
				if (item instanceof Map<?, ?> || item instanceof List<?>) {
					lines.add(indent + key + " :");
					write(lines, item, indent + "    ");
				}
				else {
					lines.add(indent + key + " : " + ((item != null) ? item : "—"));
				}
			});
		}
		else if (value instanceof List<?> list) {
			if (list.isEmpty()) {
				lines.add(indent + "(aucun)");
			}
			int n = 1;
			for (Object item : list) {
				if (item instanceof Map<?, ?> || item instanceof List<?>) {
					lines.add(indent + "n° " + n++);
					write(lines, item, indent + "    ");
				}
				else {
					lines.add(indent + "– " + item);
				}
			}
		}
		else {
			lines.add(indent + ((value != null) ? value : "—"));
		}
	}

}
