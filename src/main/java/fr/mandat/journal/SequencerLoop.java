package fr.mandat.journal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link Sequencer} on its own thread: as soon as an entry recorded by this
 * instance has committed ({@link #wake()}, called after the commit), and otherwise every
 * {@code mandat.journal.sequencer-interval} for entries recorded by other instances or
 * left behind by one that died. Each run sequences until the queue is empty, so the
 * instance that holds the lock also takes the entries other instances committed
 * meanwhile. See ADR 0060.
 * <p>
 * Its own thread, not a {@code @Scheduled} method: the scheduler has one thread, shared
 * with witnessing and the other jobs, so a slow witness round delayed sequencing.
 */
@Component
class SequencerLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SequencerLoop.class);

	private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);

	private final Sequencer sequencer;

	private final Duration interval;

	/** At most one pending wake-up: many commits during a run make one more run. */
	private final Semaphore wakeUps = new Semaphore(0);

	private volatile boolean running;

	private @Nullable Thread thread;

	SequencerLoop(Sequencer sequencer, JournalProperties properties) {
		this.sequencer = sequencer;
		this.interval = properties.sequencerInterval();
	}

	/** An entry has committed: sequence it now rather than at the next poll. */
	void wake() {
		if (this.wakeUps.availablePermits() == 0) {
			this.wakeUps.release();
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread loop = new Thread(this::run, "journal-sequencer");
		loop.setDaemon(true);
		this.thread = loop;
		loop.start();
	}

	@Override
	public void stop() {
		Thread loop;
		synchronized (this) {
			this.running = false;
			loop = this.thread;
			this.thread = null;
		}
		this.wakeUps.release();
		if (loop != null) {
			try {
				loop.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (this.running) {
			try {
				this.wakeUps.tryAcquire(this.interval.toNanos(), TimeUnit.NANOSECONDS);
				this.wakeUps.drainPermits();
				if (this.running) {
					this.sequencer.drain();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The batch rolled back: its entries are still queued. Pause so a
				// database
				// outage is not hammered by every commit's wake-up.
				log.warn("Sequencing failed ({}); retrying in {}", ex.getClass().getSimpleName(), FAILURE_PAUSE);
				try {
					Thread.sleep(FAILURE_PAUSE.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}
