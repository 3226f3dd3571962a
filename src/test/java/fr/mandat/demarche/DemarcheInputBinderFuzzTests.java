package fr.mandat.demarche;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import fr.mandat.demarche.InputBinding.Invalid;
import fr.mandat.demarche.InputBinding.Valid;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The démarche input binder, fed any field names and values for every démarche: it
 * answers valid (a typed input) or invalid (a French message per field), never throws.
 */
@Tag("fuzz")
class DemarcheInputBinderFuzzTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T09:00:00Z"), ZoneId.of("Europe/Paris"));

	private static final DemarcheCatalogue CATALOGUE = new DemarcheCatalogue(
			DemarcheFixtures.properties(DemarcheFixtures.everywhere(URI.create("http://localhost:8201"))));

	private static final DemarcheInputBinder BINDER = new DemarcheInputBinder(DemarcheConfiguration.validator(CLOCK));

	@FuzzTest(maxDuration = "20s")
	void bindsAnyInputSafely(FuzzedDataProvider data) {
		Demarche demarche = CATALOGUE.demarches().get(data.consumeInt(0, CATALOGUE.demarches().size() - 1));
		Map<String, String> values = new LinkedHashMap<>();
		int fields = data.consumeInt(0, 8);
		for (int i = 0; i < fields; i++) {
			// Mostly the démarche's own field names, sometimes anything.
			String name = data.consumeBoolean()
					? demarche.form().fields().get(data.consumeInt(0, demarche.form().fields().size() - 1)).name()
					: data.consumeString(40);
			values.put(name, data.consumeString(1200));
		}
		InputBinding binding = BINDER.bind(demarche, values);
		if (binding instanceof Invalid invalid) {
			assertThat(invalid.errors()).isNotEmpty();
			invalid.errors().values().forEach(message -> assertThat(message).isNotBlank().doesNotContain("Exception"));
		}
		else {
			assertThat(binding).isInstanceOf(Valid.class);
			assertThat(((Valid) binding).input()).isNotNull();
		}
	}

}
