package fr.mandat.structure;

import java.util.Optional;
import java.util.UUID;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.StaffMember.StructureRef;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who is signed in, as the application knows them, and the structure they are acting for.
 * Read from the database once per request: never trusted from the session or the token
 * alone.
 */
@Component
public class CurrentStaff {

	private static final String REQUEST_CACHE = CurrentStaff.class.getName() + ".member";

	public static final String CURRENT_STRUCTURE = "mandat.currentStructure";

	private final StaffDirectory directory;

	CurrentStaff(StaffDirectory directory) {
		this.directory = directory;
	}

	/** The signed-in person's record, whether or not they may use the application. */
	public Optional<StaffMember> find(@Nullable Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return Optional.empty();
		}
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null
				&& request.getAttribute(REQUEST_CACHE, RequestAttributes.SCOPE_REQUEST) instanceof Optional<?> cached) {
			return cached.map(StaffMember.class::cast);
		}
		Optional<StaffMember> member = this.directory.findBySubject(authentication.getName());
		if (request != null) {
			request.setAttribute(REQUEST_CACHE, member, RequestAttributes.SCOPE_REQUEST);
		}
		return member;
	}

	/** The signed-in person if they may use the application now. */
	public Optional<StaffMember> active(@Nullable Authentication authentication) {
		return find(authentication).filter(StaffMember::mayUseApplication);
	}

	/**
	 * The signed-in person acting as an aidant: active, with the aidant role in the given
	 * structure, or in their current one when none is given.
	 * @throws AccessDeniedException otherwise
	 */
	public AidantAtWork aidant(@Nullable Authentication authentication, @Nullable UUID structureId) {
		StaffMember member = active(authentication)
			.orElseThrow(() -> new AccessDeniedException("Not an active staff member"));
		StructureRef structure = (structureId != null)
				? member.structure(structureId)
					.orElseThrow(() -> new AccessDeniedException("Not a member of that structure"))
				: currentStructure(member);
		if (!member.rolesIn(structure.id()).contains(Role.AIDANT)) {
			throw new AccessDeniedException("Not an aidant in that structure");
		}
		return new AidantAtWork(member, structure);
	}

	/**
	 * A person acting as an aidant for a structure. Controllers receive it as a handler
	 * method parameter (resolved once per request by the web module).
	 */
	public record AidantAtWork(StaffMember member, StructureRef structure) {

		/** The person as the journal records them: their aidant id and this structure. */
		public Actor actor() {
			return Actor.aidant(this.member.aidantId(), this.structure.id());
		}

	}

	/** Whether the signed-in person may use the application now with this role. */
	public boolean hasRole(@Nullable Authentication authentication, Role role) {
		return active(authentication).map(m -> m.memberships().stream().anyMatch(s -> s.role() == role)).orElse(false);
	}

	/**
	 * The structure chosen in this session, or the first one; a structure the person no
	 * longer belongs to is never returned.
	 */
	public StructureRef currentStructure(StaffMember member) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		Object chosen = (request != null) ? request.getAttribute(CURRENT_STRUCTURE, RequestAttributes.SCOPE_SESSION)
				: null;
		if (chosen instanceof UUID id) {
			Optional<StructureRef> structure = member.structure(id);
			if (structure.isPresent()) {
				return structure.get();
			}
		}
		return member.structures().get(0);
	}

}
