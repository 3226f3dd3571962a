package fr.mandat.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.springframework.web.util.HtmlUtils;

/**
 * A mail catcher standing in for the national team's mail relay: Keycloak sends its
 * invitations to this SMTP server (GreenMail), which keeps them in memory. People read
 * them on a small page ({@link #mailboxUrl()}); tests read them with {@link #messages()}.
 */
public final class LocalMail implements AutoCloseable {

	private final GreenMail greenMail;

	private final HttpServer mailbox;

	private final ExecutorService executor;

	private LocalMail(GreenMail greenMail, HttpServer mailbox, ExecutorService executor) {
		this.greenMail = greenMail;
		this.mailbox = mailbox;
		this.executor = executor;
	}

	static LocalMail start(int smtpPort, int mailboxPort) {
		GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		greenMail.start();
		try {
			HttpServer server = LocalHttpServers
				.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), mailboxPort), 0);
			ExecutorService executor = Executors.newSingleThreadExecutor();
			LocalMail mail = new LocalMail(greenMail, server, executor);
			server.createContext("/", mail::page);
			server.setExecutor(executor);
			server.start();
			return mail;
		}
		catch (IOException | RuntimeException ex) {
			greenMail.stop();
			throw new IllegalStateException("Could not start the local mailbox page on port " + mailboxPort, ex);
		}
	}

	/** Every message received since start, oldest first. */
	public List<Mail> messages() {
		List<Mail> mails = new ArrayList<>();
		for (MimeMessage message : this.greenMail.getReceivedMessages()) {
			try {
				List<String> to = new ArrayList<>();
				for (Address address : message.getAllRecipients()) {
					to.add(address.toString());
				}
				mails.add(new Mail(String.join(", ", to), String.valueOf(message.getSubject()), text(message)));
			}
			catch (MessagingException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return mails;
	}

	/** The plain-text part of a message, decoded. */
	private static String text(Part part) throws MessagingException, IOException {
		Object content = part.getContent();
		if (content instanceof String string) {
			return part.isMimeType("text/html") ? "" : string;
		}
		if (content instanceof Multipart multipart) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < multipart.getCount(); i++) {
				text.append(text(multipart.getBodyPart(i)));
			}
			return text.toString();
		}
		return "";
	}

	public String mailboxUrl() {
		return "http://localhost:" + this.mailbox.getAddress().getPort() + "/";
	}

	public int smtpPort() {
		return this.greenMail.getSmtp().getPort();
	}

	private void page(HttpExchange exchange) throws IOException {
		StringBuilder html = new StringBuilder(
				"""
						<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Boîte aux lettres locale</title></head>
						<body><h1>Boîte aux lettres locale (messages envoyés par Keycloak)</h1>
						""");
		List<Mail> mails = messages();
		if (mails.isEmpty()) {
			html.append("<p>Aucun message.</p>");
		}
		for (int i = mails.size() - 1; i >= 0; i--) {
			Mail mail = mails.get(i);
			html.append("<article><h2>")
				.append(HtmlUtils.htmlEscape(mail.subject()))
				.append("</h2><p>À : ")
				.append(HtmlUtils.htmlEscape(mail.to()))
				.append("</p><pre style=\"white-space: pre-wrap\">")
				.append(HtmlUtils.htmlEscape(mail.body()))
				.append("</pre></article><hr>");
		}
		byte[] body = html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.mailbox.stop(0);
		this.executor.shutdownNow();
		this.greenMail.stop();
	}

	/** A received message with its plain text, decoded. */
	public record Mail(String to, String subject, String body) {
	}

}
