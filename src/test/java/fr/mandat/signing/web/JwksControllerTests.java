package fr.mandat.signing.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.mandat.signing.ServiceSignatures;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Without a Spring context: the controller alone, over a fixed key set. */
class JwksControllerTests {

	private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new JwksController(new FixedKeys())).build();

	@Test
	void publishesTheKeySetForCaches() throws Exception {
		this.mvc.perform(get("/.well-known/jwks.json"))
			.andExpect(status().isOk())
			.andExpect(content().contentType("application/jwk-set+json"))
			.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "public, max-age=300"))
			.andExpect(jsonPath("$.keys[0].kid").value("kid-1"))
			.andExpect(jsonPath("$.keys[0].use").value("sig"));
	}

	@Test
	void answersClientsAskingForJson() throws Exception {
		this.mvc.perform(get("/.well-known/jwks.json").accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.keys[0].alg").value("ES256"));
	}

	private static final class FixedKeys implements ServiceSignatures {

		@Override
		public String signJws(byte[] payload, String type) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<byte[]> verifyJws(String compact) {
			return Optional.empty();
		}

		@Override
		public Map<String, Object> publicJwks() {
			return Map.of("keys", List.of(Map.of("kty", "EC", "kid", "kid-1", "use", "sig", "alg", "ES256")));
		}

	}

}
