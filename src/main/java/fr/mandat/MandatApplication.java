package fr.mandat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Mandat: habilitated aidants act for usagers under signed, time-limited mandates, with
 * every action recorded in a verifiable journal.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MandatApplication {

	public static void main(String[] args) {
		SpringApplication.run(MandatApplication.class, args);
	}

}
