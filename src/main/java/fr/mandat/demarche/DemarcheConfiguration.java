package fr.mandat.demarche;

import java.time.Clock;

import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.signing.ServiceSignatures;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemarcheProperties.class)
class DemarcheConfiguration {

	@Bean
	DemarcheCatalogue demarcheCatalogue(DemarcheProperties properties) {
		return new DemarcheCatalogue(properties);
	}

	@Bean
	DelegationTokens delegationTokens(ServiceSignatures signatures, PersonalDataProtection personalData,
			DemarcheCatalogue catalogue, DemarcheProperties properties, Clock clock) {
		return new DelegationTokens(signatures, personalData, catalogue, properties.tokenIssuer(),
				properties.tokenTtl(), clock);
	}

	@Bean
	PartnerClient partnerClient(DemarcheCatalogue catalogue, DemarcheProperties properties, DelegationTokens tokens) {
		return new PartnerClient(catalogue, properties, tokens);
	}

	@Bean
	DemarcheInputBinder demarcheInputBinder(Clock clock) {
		return new DemarcheInputBinder(validator(clock));
	}

	/**
	 * A validator of its own, whose clock is the application's: some inputs depend on the
	 * date (a year of income must be past). Not a bean, so the application's default
	 * validator stays as Spring Boot configures it.
	 */
	static LocalValidatorFactoryBean validator(Clock clock) {
		LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
		validator.setConfigurationInitializer(configuration -> configuration.clockProvider(() -> clock));
		validator.afterPropertiesSet();
		return validator;
	}

}
