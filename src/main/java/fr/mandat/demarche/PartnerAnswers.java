package fr.mandat.demarche;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

import fr.mandat.demarche.PartnerClient.Lookup;
import fr.mandat.demarche.PartnerOutcome.Accepted;
import fr.mandat.demarche.PartnerOutcome.NotSent;
import fr.mandat.demarche.PartnerOutcome.Refused;
import fr.mandat.demarche.PartnerOutcome.Unknown;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClientException;

/**
 * What a partner's answer, or the failure of an exchange, means under the partner
 * contract, with the French wording shown to the aidant: the reading of answers, apart
 * from the calling and retrying ({@link PartnerClient}). Texts taken from an answer are
 * stripped of control characters and shortened.
 */
final class PartnerAnswers {

	static final String NOT_ANSWERING = "Le service partenaire ne répond pas. La démarche sera vérifiée automatiquement ; ne la refaites pas.";

	static final String UNREACHABLE = "Le service partenaire est injoignable : la démarche ne lui a pas été transmise. Réessayez plus tard.";

	static final String TOO_MANY_REQUESTS = "Le service partenaire reçoit trop de demandes : la démarche ne lui a pas été transmise. Réessayez dans quelques minutes.";

	static final String TOKEN_REFUSED = "Le service partenaire n'a pas accepté l'autorisation transmise par Mandat. La démarche n'a pas été faite ; signalez le problème à l'équipe Mandat.";

	static final String REFUSED = "Le service partenaire a refusé la démarche.";

	static final String ACCEPTED = "Le service partenaire a bien reçu la démarche.";

	/** Partners' answers are short; anything longer is not one of theirs. */
	static final int MAX_ANSWER_BYTES = 64 * 1024;

	private static final int MAX_MESSAGE_LENGTH = 500;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PartnerAnswers() {
	}

	/** What a status lookup's answer means, following the partner contract. */
	static Lookup lookupAnswer(int status, byte[] body) {
		if (status == 404) {
			JsonNode json = json(body);
			return "inconnue".equals(text(json, "statut")) ? new Lookup.NotRecorded()
					: new Lookup.Unavailable("HTTP 404 without the partner's « inconnue » status");
		}
		if (status == 401 || status == 403) {
			return new Lookup.Unavailable("token refused (HTTP " + status + ")");
		}
		PartnerOutcome outcome = answer(status, body);
		if (outcome instanceof Unknown unknown) {
			return new Lookup.Unavailable(unknown.reason());
		}
		if (outcome instanceof NotSent notSent) {
			return new Lookup.Unavailable(notSent.reason());
		}
		return new Lookup.Recorded(outcome);
	}

	/**
	 * The answer's body, one byte more than an answer may have (to tell it is too long).
	 */
	static byte[] read(InputStream body) throws IOException {
		return body.readNBytes(MAX_ANSWER_BYTES + 1);
	}

	/** What the partner's answer means, following the partner contract. */
	static PartnerOutcome answer(int status, byte[] body) {
		String digest = Digests.sha256(body);
		if (status >= 200 && status < 300) {
			JsonNode json = json(body);
			String reference = text(json, "reference");
			String state = text(json, "statut");
			if (reference == null || state == null || body.length > MAX_ANSWER_BYTES) {
				return new Unknown("unreadable answer (HTTP " + status + ")", NOT_ANSWERING);
			}
			String message = text(json, "message");
			return new Accepted(reference, state, (message != null) ? message : ACCEPTED, digest);
		}
		if (status == 401 || status == 403) {
			return new Refused(status, TOKEN_REFUSED, digest);
		}
		if (status == 429) {
			return new NotSent("rate limited (HTTP 429)", TOO_MANY_REQUESTS);
		}
		if (status == 409) {
			// The partner is still processing a request with this idempotency key.
			return new Unknown("idempotency key in use (HTTP 409)", NOT_ANSWERING);
		}
		if (status >= 400 && status < 500) {
			JsonNode problem = json(body);
			String detail = text(problem, "detail");
			String title = text(problem, "title");
			return new Refused(status, (detail != null) ? detail : (title != null) ? title : REFUSED, digest);
		}
		return new Unknown("HTTP " + status, NOT_ANSWERING);
	}

	/** Whether the partner certainly did not get the request, from the I/O failure. */
	static PartnerOutcome failure(RestClientException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException
					|| cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
				return new NotSent("connection failed (" + cause.getClass().getSimpleName() + ")", UNREACHABLE);
			}
			if (cause instanceof SocketTimeoutException timeout && isConnectTimeout(timeout)) {
				return new NotSent("connection failed (connect timeout)", UNREACHABLE);
			}
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				return new Unknown("no answer within the read timeout", NOT_ANSWERING);
			}
		}
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return new Unknown("exchange failed (" + root.getClass().getSimpleName() + ")", NOT_ANSWERING);
	}

	/**
	 * HttpURLConnection reports both timeouts as SocketTimeoutException; only its message
	 * tells a connection never made ("Connect timed out") from an answer that did not
	 * come.
	 */
	private static boolean isConnectTimeout(SocketTimeoutException timeout) {
		String message = timeout.getMessage();
		return message != null && message.toLowerCase(Locale.ROOT).contains("connect");
	}

	private static @Nullable JsonNode json(byte[] body) {
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** A non-blank text property, stripped of control characters and shortened. */
	private static @Nullable String text(@Nullable JsonNode json, String name) {
		if (json == null || !json.isObject()) {
			return null;
		}
		JsonNode value = json.get(name);
		if (value == null || !value.isString()) {
			return null;
		}
		String text = value.asString().replaceAll("\\p{Cntrl}", " ").strip();
		if (text.isEmpty()) {
			return null;
		}
		return (text.length() > MAX_MESSAGE_LENGTH) ? text.substring(0, MAX_MESSAGE_LENGTH) + "…" : text;
	}

}
