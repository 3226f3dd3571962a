package fr.mandat.web.config;

import java.util.function.Supplier;

import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.Role;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** Grants a request to an active person holding the role, in the application's data. */
final class RoleAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

	private final CurrentStaff currentStaff;

	private final Role role;

	RoleAuthorizationManager(CurrentStaff currentStaff, Role role) {
		this.currentStaff = currentStaff;
		this.role = role;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		return new AuthorizationDecision(this.currentStaff.hasRole(authentication.get(), this.role));
	}

}
