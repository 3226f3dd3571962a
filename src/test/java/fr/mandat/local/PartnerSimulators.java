package fr.mandat.local;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Simulators of the partner services, for the local stack and the tests. Each answers
 * démarches with recorded French answers (stubs kept under
 * {@code src/test/resources/partners/<partner-id>/mappings/}), only after checking
 * Mandat's delegation token (refused: 401 problem), and replays its first answer to a
 * repeated {@code Idempotency-Key} (header {@code Idempotent-Replayed: true}).
 *
 * <h2>Trying the scenarios</h2> Type one of these values in the démarche's identifying
 * field:
 * <table>
 * <caption>Magic values</caption>
 * <tr>
 * <th>scenario</th>
 * <th>allocations-familiales (numéro d'allocataire)</th>
 * <th>immatriculation (numéro)</th>
 * <th>impots (numéro fiscal)</th>
 * </tr>
 * <tr>
 * <td>refusal, 422</td>
 * <td>0000000</td>
 * <td>ZZ-999-ZZ</td>
 * <td>0000000000000</td>
 * </tr>
 * <tr>
 * <td>server error, 500</td>
 * <td>9999500</td>
 * <td>XX-500-XX</td>
 * <td>3999999999500</td>
 * </tr>
 * <tr>
 * <td>answer after 8 s (past the read timeout: outcome unknown, yet processed)</td>
 * <td>9999408</td>
 * <td>XX-408-XX</td>
 * <td>3999999999408</td>
 * </tr>
 * <tr>
 * <td>answer after 1 s (slow but in time)</td>
 * <td>9999200</td>
 * <td>XX-200-XX</td>
 * <td>3999999999200</td>
 * </tr>
 * <tr>
 * <td>connection reset (processed, no answer)</td>
 * <td>9999104</td>
 * <td>XX-104-XX</td>
 * <td>3999999999104</td>
 * </tr>
 * <tr>
 * <td>unreadable 200 answer</td>
 * <td>9999999</td>
 * <td>XX-999-XX</td>
 * <td>3999999999999</td>
 * </tr>
 * </table>
 * Any other valid value is accepted (201, reference such as {@code AF-2026-000001}).
 */
public final class PartnerSimulators implements AutoCloseable {

	/** The ports the application's default configuration expects. */
	public static final Map<String, Integer> LOCAL_PORTS = Map.of("allocations-familiales", 8201, "immatriculation",
			8202, "impots", 8203);

	private final Map<String, PartnerSimulator> simulators;

	private PartnerSimulators(Map<String, PartnerSimulator> simulators) {
		this.simulators = simulators;
	}

	/**
	 * Starts one simulator per partner id, on the given port (0 for a free one).
	 * @param jwks where Mandat publishes its keys, e.g.
	 * {@code http://localhost:8080/.well-known/jwks.json}
	 */
	public static PartnerSimulators startAll(Map<String, Integer> ports, Supplier<URI> jwks) {
		Map<String, PartnerSimulator> started = new LinkedHashMap<>();
		try {
			ports.forEach((partnerId, port) -> started.put(partnerId, PartnerSimulator.start(partnerId, port, jwks)));
		}
		catch (RuntimeException ex) {
			started.values().forEach(PartnerSimulator::close);
			throw ex;
		}
		return new PartnerSimulators(started);
	}

	public Optional<PartnerSimulator> get(String partnerId) {
		return Optional.ofNullable(this.simulators.get(partnerId));
	}

	public Collection<PartnerSimulator> all() {
		return List.copyOf(this.simulators.values());
	}

	/**
	 * Properties pointing the application at these simulators, e.g.
	 * {@code mandat.demarche.partners.impots.base-url=http://localhost:40123}.
	 */
	public List<String> properties() {
		List<String> properties = new ArrayList<>();
		this.simulators.forEach((id, simulator) -> properties
			.add("mandat.demarche.partners." + id + ".base-url=" + simulator.baseUrl()));
		return properties;
	}

	@Override
	public void close() {
		this.simulators.values().forEach(PartnerSimulator::close);
	}

}
