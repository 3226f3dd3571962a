package fr.mandat.mandate;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import fr.mandat.local.TestPorts;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.RawHttp;
import fr.mandat.support.RawHttp.Response;
import fr.mandat.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abuse of the public verification (R7), over real sockets from many loopback addresses:
 * the limit holds whatever forwarding headers a client invents, a flood of new addresses
 * does not starve a newcomer, and an unknown id cannot be told from a wrong digest.
 */
@MandatIntegrationTest
class VerificationAbuseTests {

	private static final int PORT = TestPorts.app();

	@Autowired
	private MandateCreation mandates;

	@Autowired
	private Clock clock;

	@Autowired
	private StaffDirectory staff;

	@Autowired
	private JsonMapper json;

	@Autowired
	private DataSource dataSource;

	@AfterEach
	void resetClock() {
		TestClock.reset();
	}

	@Test
	void inventedForwardingHeadersDoNotEscapeTheLimit() {
		// A minute window of its own.
		TestClock.freeze(Instant.now().plus(Duration.ofMinutes(11)));
		String path = "/api/v1/verification/" + UUID.randomUUID() + "?digest=" + "d".repeat(64);
		for (int i = 1; i <= 40; i++) {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("X-Forwarded-For", "203.0.113." + i);
			headers.put("Forwarded", "for=198.51.100." + i);
			headers.put("X-Real-IP", "192.0.2." + i);
			headers.put("X-Forwarded-Host", "evil-" + i + ".example");
			Response response = RawHttp.get("127.0.0.1", PORT, path, headers);
			assertThat(response.status()).as("request " + i).isEqualTo((i <= 30) ? 404 : 429);
		}
	}

	@Test
	void aFloodOfNewAddressesDoesNotStarveANewcomer() {
		TestClock.freeze(Instant.now().plus(Duration.ofMinutes(13)));
		String path = "/api/v1/verification/" + UUID.randomUUID() + "?digest=" + "e".repeat(64);
		// One abusive client uses up its budget…
		for (int i = 0; i < 31; i++) {
			RawHttp.get("127.3.0.1", PORT, path, Map.of());
		}
		assertThat(RawHttp.get("127.3.0.1", PORT, path, Map.of()).status()).isEqualTo(429);
		// …while a flood comes from hundreds of new addresses.
		int refused = 0;
		for (int i = 0; i < 400; i++) {
			String address = "127.4." + (i / 250) + "." + (1 + i % 250);
			if (RawHttp.get(address, PORT, path, Map.of()).status() == 429) {
				refused++;
			}
		}
		assertThat(refused).as("flooding addresses refused").isZero();
		// A newcomer is served.
		assertThat(RawHttp.get("127.5.0.1", PORT, path, Map.of()).status()).isEqualTo(404);
	}

	@Test
	void anUnknownIdAndAWrongDigestAreIndistinguishable() {
		MandateTestData data = new MandateTestData(this.mandates, this.clock, this.staff);
		Mandate mandate = data.create(data.camille(), MandateTestData.newSubject(), List.of("papiers"), 31);
		TestClock.freeze(Instant.now().plus(Duration.ofMinutes(15)));
		UUID unknown = UUID.randomUUID();
		String wrongDigest = "f".repeat(64);

		for (String prefix : List.of("/api/v1/verification/%s?digest=%s", "/verifier/%s?empreinte=%s")) {
			Response forUnknown = RawHttp.get("127.6.0.1", PORT, prefix.formatted(unknown, mandate.digest()), Map.of());
			Response forWrong = RawHttp.get("127.6.0.1", PORT, prefix.formatted(mandate.id(), wrongDigest), Map.of());
			assertThat(forWrong.status()).isEqualTo(forUnknown.status()).isEqualTo(404);
			assertThat(withoutDate(forWrong.headers())).isEqualTo(withoutDate(forUnknown.headers()));
			assertThat(forWrong.body().replace(mandate.id().toString(), "ID").replace(wrongDigest, "DIGEST"))
				.isEqualTo(forUnknown.body().replace(unknown.toString(), "ID").replace(mandate.digest(), "DIGEST"));
		}

		// The same work too: one query each, whichever half of the pair is wrong.
		AtomicInteger statements = new AtomicInteger();
		MandateVerification counted = new MandateVerification(
				new MandateStore(JdbcClient.create(counting(this.dataSource, statements))), this.json, this.clock);
		assertThat(counted.verify(unknown, mandate.digest())).isEmpty();
		int forUnknown = statements.getAndSet(0);
		assertThat(counted.verify(mandate.id(), wrongDigest)).isEmpty();
		int forWrong = statements.getAndSet(0);
		assertThat(forWrong).isEqualTo(forUnknown).isOne();
		assertThat(counted.verify(mandate.id(), mandate.digest())).isPresent();
	}

	private static Map<String, String> withoutDate(Map<String, String> headers) {
		Map<String, String> kept = new LinkedHashMap<>(headers);
		kept.remove("date");
		kept.remove("content-length");
		return kept;
	}

	/** The application's own data source, counting the statements prepared on it. */
	private static DataSource counting(DataSource target, AtomicInteger statements) {
		return new DelegatingDataSource(target) {
			@Override
			public Connection getConnection() throws java.sql.SQLException {
				Connection connection = super.getConnection();
				return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, args) -> {
							if (method.getName().startsWith("prepare") || method.getName().equals("createStatement")) {
								statements.incrementAndGet();
							}
							try {
								return method.invoke(connection, args);
							}
							catch (java.lang.reflect.InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}
		};
	}

}
