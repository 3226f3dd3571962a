package fr.mandat.demarche;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The partner client's HTTP threads, reused between calls: without them, Spring starts a
 * thread to write each request body, and on small machines the JDK one per completion. A
 * bean of its own type, not an {@link Executor} bean, so that Spring Boot's application
 * task executor (used by the event listeners) stays as it is; closed with the
 * application.
 */
final class PartnerHttpThreads implements AutoCloseable {

	private final AtomicInteger count = new AtomicInteger();

	private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
		Thread thread = new Thread(task, "partner-http-" + this.count.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	});

	Executor executor() {
		return this.threads;
	}

	/** Lets the exchanges in flight end; starts no new one. */
	@Override
	public void close() {
		this.threads.shutdown();
	}

}
