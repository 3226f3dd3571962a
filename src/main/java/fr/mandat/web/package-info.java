/**
 * The application shell: layout, navigation, sign-in and sign-out, error pages and the
 * home page.
 */
@NullMarked
package fr.mandat.web;

import org.jspecify.annotations.NullMarked;
