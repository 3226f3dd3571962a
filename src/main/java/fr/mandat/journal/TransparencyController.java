package fr.mandat.journal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import fr.mandat.journal.proof.Tiles;
import fr.mandat.journal.proof.Tiles.Tile;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The journal for anyone, without sign-in (C2SP tlog-tiles): the public checkpoint with
 * its witnesses' cosignatures, and the hash tiles from which any tiles client rebuilds
 * roots and proofs. Hashes only: the entries themselves stay in the auditors' space.
 */
@RestController
class TransparencyController {

	static final String TILE_PREFIX = "/journal/tile/";

	private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

	private final PublicCheckpoints checkpoints;

	private final TileStore tiles;

	TransparencyController(PublicCheckpoints checkpoints, TileStore tiles) {
		this.checkpoints = checkpoints;
		this.tiles = tiles;
	}

	@GetMapping("/journal/checkpoint")
	ResponseEntity<?> checkpoint() {
		return this.checkpoints.current()
			.<ResponseEntity<?>>map(published -> ResponseEntity.ok()
				.contentType(TEXT)
				.cacheControl(CacheControl.maxAge(Duration.ofSeconds(2)).cachePublic())
				.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
				.body(published.note()))
			.orElseGet(() -> notFound("Le journal n'a encore aucun point de contrôle témoin à publier."));
	}

	@GetMapping(TILE_PREFIX + "**")
	ResponseEntity<?> tile(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length() + TILE_PREFIX.length());
		Tile tile;
		try {
			tile = Tiles.parse(path);
		}
		catch (IllegalArgumentException ex) {
			return notFound(path.startsWith("entries/")
					? "Les entrées du journal sont réservées aux auditeurs (/api/v1/audit/tile/entries/…)."
					: "Ce n'est pas l'adresse d'une tuile : tile/<niveau>/<n° en groupes de 3 chiffres>[.p/<largeur>].");
		}
		return this.tiles.tile(tile)
			.<ResponseEntity<?>>map(bytes -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.cacheControl(tile.partial() ? CacheControl.maxAge(Duration.ofDays(1)).cachePublic()
						: CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
				.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
				.body(bytes))
			.orElseGet(() -> notFound("Cette tuile n'existe pas (encore) : le journal signé ne la couvre pas."));
	}

	private static ResponseEntity<?> notFound(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
		problem.setTitle("Introuvable");
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.cacheControl(CacheControl.noStore())
			.body(problem);
	}

}
