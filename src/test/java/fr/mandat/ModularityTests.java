package fr.mandat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(MandatApplication.class);

	@Test
	void modulesOnlyUseEachOthersPublicApi() {
		this.modules.verify();
	}

	@Test
	void identityDecidesWithoutKnowingTheModulesThatKeepPeopleOrUseIt() {
		ApplicationModule identity = this.modules.getModuleByName("identity").orElseThrow();

		assertThat(identity.getDirectDependencies(this.modules)
			.uniqueModules()
			.map(module -> module.getIdentifier().toString())).containsExactly("journal");
		assertThat(this.modules.getModuleByName("structure")
			.orElseThrow()
			.getDirectDependencies(this.modules)
			.containsModuleNamed("identity")).isTrue();
	}

	@Test
	void writesModuleDocumentation() throws Exception {
		new Documenter(this.modules).writeDocumentation();
		assertThat(Path.of("target/spring-modulith-docs/all-docs.adoc")).exists();
		assertThat(Files.readString(Path.of("target/spring-modulith-docs/components.puml")))
			.contains("Component(MandatApplication.MandatApplication.Identity, \"Identity\"");
	}

}
