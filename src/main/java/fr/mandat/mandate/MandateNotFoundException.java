package fr.mandat.mandate;

import java.util.UUID;

/** No mandate has this id. */
public class MandateNotFoundException extends RuntimeException {

	MandateNotFoundException(UUID mandateId) {
		super("No mandate " + mandateId);
	}

}
