package fr.mandat.identity;

import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** Grants a request to an active person holding the role, in the application's data. */
public final class RoleAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

	private final StaffIdentities staff;

	private final String role;

	/**
	 * @param role the role's name, as the module that keeps people names it
	 */
	public RoleAuthorizationManager(StaffIdentities staff, String role) {
		this.staff = staff;
		this.role = role;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		return new AuthorizationDecision(
				this.staff.find(authentication.get()).map(person -> person.mayActAs(this.role)).orElse(false));
	}

}
