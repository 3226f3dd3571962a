package fr.mandat.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.identity.StepUp.Confirmation;
import fr.mandat.identity.StepUp.Intent;
import fr.mandat.identity.StepUp.Resumption;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import static org.assertj.core.api.Assertions.assertThat;

class StepUpTests {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	private static final UUID STRUCTURE = UUID.randomUUID();

	private static final Person CAMILLE = member("sub-camille");

	private static final Person LUCAS = member("sub-lucas");

	private final MutableClock clock = new MutableClock();

	private final StepUp stepUp = new StepUp(this.clock);

	private final MockHttpSession session = new MockHttpSession();

	@Test
	void beginKeepsTheActionAndSendsTheBrowserToAFreshAuthentication() {
		String to = begin(CAMILLE);

		assertThat(to).startsWith("/oauth2/authorization/mandat?renforcee=");
	}

	@Test
	void aFreshOtpAuthenticationOfTheSamePersonAfterTheIntentConfirmsItOnce() {
		begin(CAMILLE);
		this.clock.advance(Duration.ofSeconds(20));

		Confirmation confirmation = this.stepUp.confirm(this.session, token("sub-camille", "otp", NOW.plusSeconds(15)))
			.orElseThrow();

		assertThat(confirmation.confirmed()).isTrue();
		Intent intent = confirmation.intent();
		Resumption first = this.stepUp.resume(this.session, CAMILLE.aidantId(), intent.id());
		assertThat(first).isInstanceOf(Resumption.Ready.class);
		this.stepUp.done(this.session, intent, "/mandats/1?revoque");
		Resumption second = this.stepUp.resume(this.session, CAMILLE.aidantId(), intent.id());
		assertThat(second).isInstanceOfSatisfying(Resumption.AlreadyDone.class,
				done -> assertThat(done.intent().resultAt()).isEqualTo("/mandats/1?revoque"));
		// Nothing left in flight: another sign-in is an ordinary one.
		assertThat(this.stepUp.confirm(this.session, token("sub-camille", "otp", NOW.plusSeconds(30)))).isEmpty();
	}

	@Test
	void theSignInBeforeTheIntentDoesNotConfirmIt() {
		begin(CAMILLE);

		Confirmation confirmation = this.stepUp.confirm(this.session, token("sub-camille", "otp", NOW.minusSeconds(60)))
			.orElseThrow();

		assertThat(confirmation.problem()).isEqualTo("auth-time");
		assertThat(this.stepUp.resume(this.session, CAMILLE.aidantId(), confirmation.intent().id()))
			.isInstanceOf(Resumption.Unknown.class);
	}

	@Test
	void aPasswordOnlyAuthenticationDoesNotConfirmIt() {
		begin(CAMILLE);

		assertThat(this.stepUp.confirm(this.session, token("sub-camille", "mot-de-passe", NOW)).orElseThrow().problem())
			.isEqualTo("acr");
	}

	@Test
	void anotherPersonsAuthenticationDoesNotConfirmIt() {
		begin(CAMILLE);

		assertThat(this.stepUp.confirm(this.session, token("sub-lucas", "otp", NOW)).orElseThrow().problem())
			.isEqualTo("other-person");
	}

	@Test
	void anIntentExpiresAfterFiveMinutes() {
		begin(CAMILLE);
		this.clock.advance(StepUp.INTENT_LIFETIME.plusSeconds(1));

		assertThat(this.stepUp.confirm(this.session, token("sub-camille", "otp", this.clock.instant()))).isEmpty();
	}

	@Test
	void onlyThePersonWhoAskedCanResumeAnAuthorisedIntent() {
		begin(CAMILLE);
		Intent intent = this.stepUp.confirm(this.session, token("sub-camille", "otp", NOW)).orElseThrow().intent();

		assertThat(this.stepUp.resume(this.session, LUCAS.aidantId(), intent.id()))
			.isInstanceOf(Resumption.Unknown.class);
		assertThat(this.stepUp.resume(this.session, CAMILLE.aidantId(), UUID.randomUUID()))
			.isInstanceOf(Resumption.Unknown.class);
		assertThat(this.stepUp.resume(this.session, CAMILLE.aidantId(), intent.id()))
			.isInstanceOf(Resumption.Ready.class);
	}

	@Test
	void aPendingIntentCannotBeResumedWithoutConfirmation() {
		begin(CAMILLE);
		UUID id = UUID.fromString(begin(CAMILLE).replaceAll(".*renforcee=", ""));

		assertThat(this.stepUp.resume(this.session, CAMILLE.aidantId(), id)).isInstanceOf(Resumption.Unknown.class);
	}

	@Test
	void aGiveUpAtTheProviderDropsTheIntent() {
		begin(CAMILLE);

		Intent abandoned = this.stepUp.abandon(this.session).orElseThrow();

		assertThat(abandoned.action().kind()).isEqualTo("mandate.revoke");
		assertThat(this.stepUp.resume(this.session, CAMILLE.aidantId(), abandoned.id()))
			.isInstanceOf(Resumption.Unknown.class);
		assertThat(this.stepUp.abandon(this.session)).isEmpty();
	}

	private String begin(Person member) {
		return this.stepUp.begin(this.session, member.aidantId(), member.subject(), STRUCTURE,
				new SensitiveAction("mandate.revoke", UUID.randomUUID().toString(), Map.of("categorie", List.of())),
				"/mandats/1/revocation");
	}

	private static Authentication token(String subject, String acr, Instant authTime) {
		OidcIdToken idToken = OidcIdToken.withTokenValue("id-token")
			.subject(subject)
			.claim("acr", acr)
			.authTime(authTime)
			.issuedAt(authTime)
			.expiresAt(authTime.plusSeconds(300))
			.build();
		return new OAuth2AuthenticationToken(new DefaultOidcUser(AuthorityUtils.NO_AUTHORITIES, idToken),
				AuthorityUtils.NO_AUTHORITIES, "mandat");
	}

	private static Person member(String subject) {
		return new Person(UUID.randomUUID(), subject);
	}

	private record Person(UUID aidantId, String subject) {
	}

	private static final class MutableClock extends Clock {

		private Instant now = NOW;

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
