package fr.mandat.demarche;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partner answer parser, fed any status and body (partners are other organisations):
 * it always classifies the answer, never throws, and keeps what it shows short and free
 * of control characters.
 */
@Tag("fuzz")
class PartnerAnswerFuzzTests {

	@FuzzTest(maxDuration = "20s")
	void classifiesAnyAnswer(FuzzedDataProvider data) {
		int status = data.consumeInt(100, 599);
		byte[] body = data.consumeRemainingAsBytes();
		PartnerOutcome outcome = PartnerAnswers.answer(status, body);
		assertThat(outcome).isNotNull();
		String shown = outcome.toString();
		assertThat(shown).doesNotContainPattern("[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]");
		if (outcome instanceof PartnerOutcome.Accepted accepted) {
			assertThat(status).isBetween(200, 299);
			assertThat(accepted.reference()).isNotBlank().hasSizeLessThanOrEqualTo(501);
		}
		if (outcome instanceof PartnerOutcome.Refused) {
			assertThat(status).isBetween(400, 499);
		}
	}

}
