package fr.mandat.journal.proof.cli;

import java.util.LinkedHashSet;
import java.util.Set;

import fr.mandat.journal.proof.cli.ExportReader.Entry;
import fr.mandat.journal.proof.cli.Failure.Kind;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays what the journal recorded about one mandate (its creation or renewal, each
 * revocation of autorisations or of the whole mandate) and compares it with what the
 * public verification says of it: a mandate revoked in the journal but shown as valid has
 * been revived behind the journal's back.
 */
final class MandateReplay {

	private final JsonMapper json;

	private final String mandateId;

	private final Set<String> categories = new LinkedHashSet<>();

	private final Set<String> revoked = new LinkedHashSet<>();

	private @Nullable String notAfter;

	private long createdAt = -1;

	private long revokedAt = -1;

	MandateReplay(JsonMapper json, String mandateId) {
		this.json = json;
		this.mandateId = mandateId;
	}

	void accept(Entry entry) {
		if (!entry.text().contains(this.mandateId)) {
			return;
		}
		JsonNode node = this.json.readTree(entry.text());
		if (!this.mandateId.equals(ExportReader.optionalText(node, "mandate"))) {
			return;
		}
		JsonNode payload = node.path("payload");
		switch (node.path("action").asString()) {
			case "MANDATE_CREATED", "MANDATE_RENEWED" -> {
				this.createdAt = entry.index();
				payload.path("categories").forEach(c -> this.categories.add(c.asString()));
				this.notAfter = payload.path("notAfter").asString(null);
			}
			case "AUTORISATION_REVOKED", "MANDATE_REVOKED" -> {
				payload.path("categories").forEach(c -> this.revoked.add(c.asString()));
				if (!this.categories.isEmpty() && this.revoked.containsAll(this.categories) && this.revokedAt < 0) {
					this.revokedAt = entry.index();
				}
			}
			default -> {
			}
		}
	}

	/**
	 * Compares with the public verification's answer
	 * ({@code GET /api/v1/verification/…}).
	 * @return what the journal says, for the report
	 */
	String compare(JsonNode verification) {
		if (this.createdAt < 0) {
			throw new Failure(Kind.MANDATE, "le journal n'a inscrit aucune création du mandat " + this.mandateId
					+ " : il a été ajouté hors du journal.");
		}
		String status = verification.path("status").asString("");
		boolean valid = verification.path("valid").asBoolean(false);
		if (this.revokedAt >= 0 && (valid || !"revoked".equals(status))) {
			throw new Failure(Kind.MANDATE,
					"le mandat " + this.mandateId + " a été révoqué (entrée n° " + this.revokedAt
							+ " du journal) mais la vérification publique le dit « " + status
							+ " » : il a été ranimé hors du journal.");
		}
		for (JsonNode category : verification.path("categories")) {
			String code = category.path("code").asString("");
			if (category.path("active").asBoolean(false) && this.revoked.contains(code)) {
				throw new Failure(Kind.MANDATE, "l'autorisation « " + code + " » du mandat " + this.mandateId
						+ " a été révoquée au journal mais la vérification publique la dit active.");
			}
			if (!this.categories.contains(code)) {
				throw new Failure(Kind.MANDATE, "l'autorisation « " + code + " » du mandat " + this.mandateId
						+ " n'a jamais été inscrite au journal.");
			}
		}
		String shownEnd = verification.path("notAfter").asString(null);
		if (this.notAfter != null && shownEnd != null
				&& !java.time.Instant.parse(shownEnd).equals(java.time.Instant.parse(this.notAfter))) {
			throw new Failure(Kind.MANDATE, "le mandat " + this.mandateId + " prend fin le " + shownEnd
					+ " selon la vérification publique, le " + this.notAfter + " selon le journal.");
		}
		return (this.revokedAt >= 0) ? "révoqué (entrée n° " + this.revokedAt + "), ce que confirme la vérification"
				: "créé à l'entrée n° " + this.createdAt + ", jamais révoqué en entier ; la vérification concorde";
	}

}
