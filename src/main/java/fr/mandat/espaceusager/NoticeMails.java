package fr.mandat.espaceusager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import fr.mandat.espaceusager.NoticeSubscriptions.Due;
import fr.mandat.espaceusager.UsagerSpaceView.Notice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * E-mails each subscribed usager what happened in their name since the last e-mail: the
 * same notices as their notices page (a mandate signed or renewed, each démarche, each
 * revocation, a reminder 30 days before an end), in one message per run. Safe with
 * several instances: a subscription is handled under its row lock, skipped by the others.
 * A message that cannot be sent leaves the subscription where it was, for the next run.
 */
@Component
class NoticeMails {

	private static final Logger logger = LoggerFactory.getLogger(NoticeMails.class);

	/**
	 * How old an act must be to be e-mailed: longer than any transaction that records
	 * one, so that no act committed late falls behind {@code notified_until} unseen.
	 */
	static final Duration SETTLE = Duration.ofMinutes(2);

	private final NoticeSubscriptions subscriptions;

	private final UsagerSpaceView view;

	private final ObjectProvider<JavaMailSender> mailSender;

	private final NoticeMailProperties properties;

	private final TransactionTemplate transactions;

	private final Clock clock;

	NoticeMails(NoticeSubscriptions subscriptions, UsagerSpaceView view, ObjectProvider<JavaMailSender> mailSender,
			NoticeMailProperties properties, TransactionTemplate transactions, Clock clock) {
		this.subscriptions = subscriptions;
		this.view = view;
		this.mailSender = mailSender;
		this.properties = properties;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Scheduled(cron = "${mandat.espace-usager.notices.cron:0 */10 * * * *}")
	void scheduled() {
		run();
	}

	/** One pass over the subscriptions due; how many e-mails were sent. */
	int run() {
		JavaMailSender sender = this.mailSender.getIfAvailable();
		if (sender == null) {
			logger.warn("No mail server configured (spring.mail.host): usagers' notices not e-mailed");
			return 0;
		}
		// Only acts older than SETTLE: an act is stamped when its transaction starts and
		// seen
		// when it commits, so the newest moments may still receive acts stamped before
		// them.
		Instant until = this.clock.instant().minus(SETTLE);
		int sent = 0;
		while (true) {
			Batch batch = this.transactions.execute(status -> {
				List<Due> due = this.subscriptions.lockDue(until, this.properties.batchSize());
				int mailed = 0;
				for (Due subscription : due) {
					List<Notice> news = this.view.noticesWithoutReceipts(subscription.pseudonym())
						.stream()
						.filter(n -> n.at().isAfter(subscription.notifiedUntil()) && !n.at().isAfter(until))
						.toList();
					if (!news.isEmpty()) {
						try {
							sender.send(mail(subscription.email(), news));
							mailed++;
						}
						catch (MailException ex) {
							logger.warn("A usager's notices could not be e-mailed ({}); tried again at the next run",
									ex.getClass().getSimpleName());
							continue;
						}
					}
					this.subscriptions.notifiedUntil(subscription.pseudonym(), until);
				}
				return new Batch(mailed, due.size() == this.properties.batchSize());
			});
			if (batch == null) {
				return sent;
			}
			sent += batch.mailed();
			if (!batch.full()) {
				return sent;
			}
		}
	}

	/** What one transaction did; a full batch means more may be due. */
	private record Batch(int mailed, boolean full) {
	}

	private SimpleMailMessage mail(String to, List<Notice> notices) {
		SimpleMailMessage mail = new SimpleMailMessage();
		mail.setFrom(this.properties.mailFrom());
		mail.setTo(to);
		mail.setSubject((notices.size() == 1) ? "Mandat : " + notices.get(0).title()
				: "Mandat : " + notices.size() + " nouveaux avis en votre nom");
		StringBuilder text = new StringBuilder("Bonjour,\n\nVoici ce qui s’est passé en votre nom sur Mandat :\n");
		List<Notice> oldestFirst = new ArrayList<>(notices);
		Collections.reverse(oldestFirst);
		for (Notice notice : oldestFirst) {
			text.append("\n— ")
				.append(notice.title())
				.append(", le ")
				.append(notice.date())
				.append("\n  ")
				.append(notice.text())
				.append('\n');
		}
		text.append("\nChaque avis et son reçu vérifiable sont dans votre espace : ")
			.append(this.properties.spaceUrl())
			.append("\n\nSi vous ne reconnaissez pas une de ces actions, révoquez le mandat depuis votre espace et ")
			.append("signalez-le à la structure.\n\nVous recevez ce message parce que vous avez demandé les avis par ")
			.append("courriel ; vous pouvez l’arrêter depuis la page « Mes avis ».\n\nL’équipe Mandat\n");
		mail.setText(text.toString());
		return mail;
	}

}
