/**
 * Who is signed in and how: sign-in and sign-out journaling, step-up (a fresh one-time
 * code per sensitive action, in pages and in the API), the authorization managers that
 * decide every request on the application's own data, and the staff identity provider's
 * settings. The people themselves (aidants, their structures and roles) are kept by
 * {@code structure}, which answers through {@link fr.mandat.identity.StaffIdentities}.
 */
@NullMarked
package fr.mandat.identity;

import org.jspecify.annotations.NullMarked;
