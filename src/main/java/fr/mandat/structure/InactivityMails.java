package fr.mandat.structure;

import java.sql.Timestamp;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Sends the inactivity warning (ADR 0107) once the warning is recorded. A failure leaves
 * the event's publication incomplete, tried again by {@link InactivityWarnings} and at
 * start-up; an aidant who signed in (or was deactivated) meanwhile gets nothing.
 */
@Component
class InactivityMails {

	private static final Logger logger = LoggerFactory.getLogger(InactivityMails.class);

	private final JdbcClient jdbc;

	private final ObjectProvider<JavaMailSender> mailSender;

	private final InactivityProperties properties;

	InactivityMails(JdbcClient jdbc, ObjectProvider<JavaMailSender> mailSender, InactivityProperties properties) {
		this.jdbc = jdbc;
		this.mailSender = mailSender;
		this.properties = properties;
	}

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void send(AidantInactivityWarned warned) {
		Optional<Recipient> recipient = this.jdbc.sql("""
				SELECT given_name, email FROM aidant
				WHERE id = ? AND state = 'HABILITATED'
				  AND COALESCE(last_sign_in_at, state_changed_at, created_at) = ?
				""")
			.params(warned.aidantId(), Timestamp.from(warned.inactiveSince()))
			.query((rs, n) -> new Recipient(rs.getString("given_name"), rs.getString("email")))
			.optional();
		if (recipient.isEmpty()) {
			return;
		}
		JavaMailSender sender = this.mailSender.getIfAvailable();
		if (sender == null) {
			logger.warn("No mail server configured (spring.mail.host): inactivity warning for aidant {} not sent",
					warned.aidantId());
			return;
		}
		SimpleMailMessage mail = new SimpleMailMessage();
		mail.setFrom(this.properties.mailFrom());
		mail.setTo(recipient.get().email());
		String deactivation = FrenchDates.date(warned.deactivationDue());
		mail.setSubject("Mandat : votre compte sera désactivé le " + deactivation + " sans connexion d’ici là");
		mail.setText("""
				Bonjour %s,

				Vous ne vous êtes pas connecté(e) à Mandat depuis le %s.

				Sans connexion de votre part, votre compte d’aidant sera désactivé le %s : \
				vous ne pourriez plus agir pour les usagers de votre structure, et votre responsable \
				devrait demander à nouveau votre habilitation.

				Pour garder votre compte, il suffit de vous connecter : %s

				Ce message est envoyé une seule fois. Si vous n’êtes plus aidant, vous pouvez l’ignorer.

				L’équipe Mandat
				""".formatted(recipient.get().givenName(), FrenchDates.date(warned.inactiveSince()), deactivation,
				this.properties.signInUrl()));
		try {
			sender.send(mail);
		}
		catch (MailException ex) {
			// Never the address: only the aidant's id and the kind of failure.
			logger.warn("Inactivity warning for aidant {} not sent, left to retry: {}", warned.aidantId(),
					ex.getClass().getSimpleName());
			throw new IllegalStateException("Inactivity warning for aidant " + warned.aidantId() + " not sent");
		}
	}

	private record Recipient(String givenName, String email) {
	}

}
