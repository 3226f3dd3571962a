package fr.mandat.identity;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;

/**
 * Carries out one kind of sensitive action once the person has confirmed their identity
 * (see {@link StepUp}). It checks again, at that moment, everything the action needs: the
 * person's habilitation, their structure, the state of the object.
 */
public interface SensitiveActionHandler {

	/** The kind of {@link SensitiveAction} this handler carries out. */
	String kind();

	/**
	 * Carries out the action now.
	 * @return the path of the page that shows its result
	 * @throws ActionNotDone if it cannot be done (said to the person in French)
	 */
	String carryOut(StepUp.Intent intent, Authentication authentication, HttpSession session);

}
