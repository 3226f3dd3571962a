package fr.mandat.web;

import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

/**
 * HSTS is sent only over HTTPS (behind the TLS proxy in production). Uses the shared
 * application context rather than a second one.
 */
@MandatIntegrationTest
class TransportSecurityTests {

	@Autowired
	private WebApplicationContext context;

	private MockMvc mvc;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@Test
	void strictTransportSecurityOverHttps() throws Exception {
		this.mvc.perform(get("/deconnexion").secure(true))
			.andExpect(header().string("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains"));
	}

	@Test
	void noStrictTransportSecurityOverPlainHttp() throws Exception {
		this.mvc.perform(get("/deconnexion")).andExpect(header().doesNotExist("Strict-Transport-Security"));
	}

}
