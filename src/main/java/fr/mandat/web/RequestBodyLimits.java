package fr.mandat.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what the JSON API reads: at most {@link #MAX_BYTES} of body and
 * {@link #MAX_DEPTH} levels of nested arrays or objects. A declared length over the limit
 * is answered at once with 413 problem details, before authentication; a streamed body
 * stops being read at the limit, and the API's error handler answers 413 (or 400 for
 * nesting). Runs before Spring Security so that an anonymous megabyte costs nothing.
 */
@Component
public class RequestBodyLimits extends OncePerRequestFilter implements Ordered {

	/** The largest JSON body the API reads: 64 KiB. */
	public static final int MAX_BYTES = 64 * 1024;

	/** The deepest nesting of arrays and objects the API reads. */
	public static final int MAX_DEPTH = 32;

	private final JsonMapper json;

	RequestBodyLimits(JsonMapper json) {
		this.json = json;
	}

	@Override
	public int getOrder() {
		// Before Spring Security's filter chain (-100).
		return -110;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !ApiProblems.isApi(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BYTES) {
			response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			// The client may still be sending: do not read what is left.
			response.setHeader("Connection", "close");
			this.json.writeValue(response.getOutputStream(),
					ApiProblems.forStatus(HttpStatus.CONTENT_TOO_LARGE, request.getRequestURI()));
			return;
		}
		chain.doFilter(new Bounded(request), response);
	}

	/** Whether reading a body failed because it was larger than allowed. */
	public static boolean tooLarge(Throwable failure) {
		return causedBy(failure, BodyTooLarge.class);
	}

	/** Whether reading a body failed because it was nested too deeply. */
	public static boolean tooDeep(Throwable failure) {
		return causedBy(failure, NestedTooDeeply.class);
	}

	/** A name from a request, fit to be quoted in a message: printable, at most 60. */
	public static String printable(@Nullable String value) {
		if (value == null) {
			return "";
		}
		String kept = value.codePoints()
			.filter(c -> !Character.isISOControl(c))
			.limit(60)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return (kept.length() < value.length()) ? kept + "…" : kept;
	}

	private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/** The request, its body read through a {@link LimitedStream}. */
	private static final class Bounded extends HttpServletRequestWrapper {

		private @Nullable ServletInputStream stream;

		Bounded(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedStream(super.getInputStream());
			}
			return this.stream;
		}

	}

	/**
	 * Counts bytes and tracks the nesting of JSON arrays and objects outside strings, and
	 * stops at either limit.
	 */
	static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private long read;

		private int depth;

		private boolean inString;

		private boolean escaped;

		LimitedStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(b);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			for (int i = 0; i < n; i++) {
				count(buffer[offset + i] & 0xff);
			}
			return n;
		}

		private void count(int b) throws IOException {
			if (++this.read > MAX_BYTES) {
				throw new BodyTooLarge();
			}
			if (this.inString) {
				if (this.escaped) {
					this.escaped = false;
				}
				else if (b == '\\') {
					this.escaped = true;
				}
				else if (b == '"') {
					this.inString = false;
				}
				return;
			}
			if (b == '"') {
				this.inString = true;
			}
			else if (b == '[' || b == '{') {
				if (++this.depth > MAX_DEPTH) {
					throw new NestedTooDeeply();
				}
			}
			else if ((b == ']' || b == '}') && this.depth > 0) {
				this.depth--;
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

	/** The body is larger than {@link #MAX_BYTES}. */
	static final class BodyTooLarge extends IOException {

		private static final long serialVersionUID = 1L;

		BodyTooLarge() {
			super("Request body over " + MAX_BYTES + " bytes");
		}

	}

	/** The body nests arrays or objects deeper than {@link #MAX_DEPTH}. */
	static final class NestedTooDeeply extends IOException {

		private static final long serialVersionUID = 1L;

		NestedTooDeeply() {
			super("Request body nested deeper than " + MAX_DEPTH);
		}

	}

}
