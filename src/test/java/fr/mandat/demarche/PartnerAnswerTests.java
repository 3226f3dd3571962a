package fr.mandat.demarche;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import fr.mandat.demarche.PartnerOutcome.Accepted;
import fr.mandat.demarche.PartnerOutcome.NotSent;
import fr.mandat.demarche.PartnerOutcome.Refused;
import fr.mandat.demarche.PartnerOutcome.Unknown;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/** How the partner contract's answers become outcomes. */
class PartnerAnswerTests {

	@Test
	void anAnswerWithAReferenceIsAccepted() {
		byte[] body = """
				{"reference": "AF-2026-000123", "statut": "enregistree", "message": "Déclaration enregistrée."}"""
			.getBytes(StandardCharsets.UTF_8);

		assertThat(PartnerAnswers.answer(201, body))
			.isEqualTo(new Accepted("AF-2026-000123", "enregistree", "Déclaration enregistrée.", Digests.sha256(body)));
	}

	@Test
	void aProblemDetailsItsRefusal() {
		assertThat(PartnerAnswers.answer(422,
				bytes("{\"title\":\"Demande refusée\",\"detail\":\"Numéro fiscal inconnu.\"}")))
			.extracting(PartnerOutcome::message)
			.isEqualTo("Numéro fiscal inconnu.");
		assertThat(PartnerAnswers.answer(404, bytes("{\"title\":\"Introuvable\"}"))).extracting(PartnerOutcome::message)
			.isEqualTo("Introuvable");
		assertThat(PartnerAnswers.answer(400, bytes("<html>"))).isInstanceOf(Refused.class)
			.extracting(PartnerOutcome::message)
			.isEqualTo(PartnerAnswers.REFUSED);
	}

	@Test
	void aSuccessWithoutAReferenceOrAServerErrorIsUnknown() {
		assertThat(PartnerAnswers.answer(200, bytes("{\"statut\":\"enregistree\"}"))).isInstanceOf(Unknown.class);
		assertThat(PartnerAnswers.answer(204, new byte[0])).isInstanceOf(Unknown.class);
		assertThat(PartnerAnswers.answer(503, bytes("{}"))).isInstanceOf(Unknown.class);
		assertThat(PartnerAnswers.answer(409, bytes("{}"))).isInstanceOf(Unknown.class);
	}

	@Test
	void aRefusedTokenOrARateLimitAreNotBusinessAnswers() {
		assertThat(PartnerAnswers.answer(401, bytes("{\"detail\":\"Le jeton a expiré.\"}"))).isEqualTo(new Refused(401,
				PartnerAnswers.TOKEN_REFUSED, Digests.sha256(bytes("{\"detail\":\"Le jeton a expiré.\"}"))));
		assertThat(PartnerAnswers.answer(429, new byte[0])).isInstanceOf(NotSent.class);
	}

	@Test
	void keepsPartnerMessagesShortAndPrintable() {
		String longMessage = "Trop long\u0007 ".repeat(100);

		String message = PartnerAnswers
			.answer(201,
					bytes("{\"reference\":\"R\",\"statut\":\"s\",\"message\":\""
							+ longMessage.replace("\u0007", "\\u0007") + "\"}"))
			.message();

		assertThat(message).hasSize(501).doesNotContain("\u0007").endsWith("…");
	}

	@Test
	void aConnectTimeoutWasNeverSentButAReadTimeoutMayHaveBeen() {
		assertThat(PartnerAnswers
			.failure(new ResourceAccessException("I/O error", new SocketTimeoutException("Connect timed out"))))
			.isInstanceOf(NotSent.class);
		assertThat(PartnerAnswers
			.failure(new ResourceAccessException("I/O error", new SocketTimeoutException("Read timed out"))))
			.isEqualTo(new Unknown("no answer within the read timeout", PartnerAnswers.NOT_ANSWERING));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
