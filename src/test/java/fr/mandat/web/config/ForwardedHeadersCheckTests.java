package fr.mandat.web.config;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The application refuses the forwarded-headers strategy that trusts what clients write.
 */
class ForwardedHeadersCheckTests {

	@Test
	void frameworkIsRefusedNativeAndNoneStart() {
		assertThatThrownBy(() -> check("framework")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("X-Forwarded-For")
			.hasMessageContaining("does not start");
		assertThatThrownBy(() -> check(" FRAMEWORK ")).isInstanceOf(IllegalStateException.class);
		assertThatCode(() -> check("native")).doesNotThrowAnyException();
		assertThatCode(() -> check("none")).doesNotThrowAnyException();
		assertThatCode(() -> new ForwardedHeadersCheck(new MockEnvironment()).afterPropertiesSet())
			.doesNotThrowAnyException();
	}

	private static void check(String strategy) {
		new ForwardedHeadersCheck(new MockEnvironment().withProperty(ForwardedHeadersCheck.PROPERTY, strategy))
			.afterPropertiesSet();
	}

}
